package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

type ctxKey struct{}

// statusWriter records the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// readBody reads the request body (at most maxBody+1 bytes, enough for the
// handlers to see an oversized body) under the server's read deadline, and
// then lifts that deadline: ReadTimeout bounds reading the request, not
// Latency or the handler. (net/http's background read would otherwise cancel
// the request context when the deadline passes mid-handler.) A body larger
// than that keeps the deadline, so the rest of it cannot be trickled in
// afterwards. It returns false when the body could not be read in time (the
// connection is then closed without an answer, as net/http does for a slow
// header).
func readBody(w http.ResponseWriter, r *http.Request, buf *bytes.Buffer) bool {
	rc := http.NewResponseController(w)
	if r.Body == nil || r.Body == http.NoBody {
		_ = rc.SetReadDeadline(time.Time{})
		return true
	}
	n, err := buf.ReadFrom(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return false
	}
	rest := r.Body
	if n <= maxBody {
		_ = rc.SetReadDeadline(time.Time{})
		rest = http.NoBody
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf.Bytes()), rest), r.Body}
	return true
}

// trackingIDs makes unique tracking IDs: EMULATOR_<run nonce>_<counter>.
type trackingIDs struct {
	prefix string
	n      atomic.Uint64
}

func newTrackingIDs() *trackingIDs {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return &trackingIDs{prefix: "EMULATOR_" + strings.ToUpper(hex.EncodeToString(b[:])) + "_"}
}

func (t *trackingIDs) next() string { return t.prefix + strconv.FormatUint(t.n.Add(1), 10) }

// buildHandler assembles the chain: tracking ID -> logging -> recover ->
// (admin | auth -> rate limit -> fault -> latency -> API routes).
func (s *Server) buildHandler() http.Handler { return s.chain(s.apiMux()) }

// chain wraps the API routes in the middleware.
func (s *Server) chain(api http.Handler) http.Handler {
	ids := newTrackingIDs()
	admin := s.adminGuard(s.adminMux())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		w.Header().Set("TrackingID", ids.next())
		sw := &statusWriter{ResponseWriter: w}
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		defer func() {
			if buf.Cap() <= 1<<16 {
				bufPool.Put(buf)
			}
		}()
		if !readBody(w, r, buf) {
			s.logAttrs(r.Context(), slog.LevelDebug, "request body not received in time", slog.String("method", r.Method),
				slog.String("path", r.URL.Path))
			panic(http.ErrAbortHandler) // close the connection without an answer
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logAttrs(r.Context(), slog.LevelError, "panic in handler", slog.String("method", r.Method),
					slog.String("path", r.URL.Path), slog.String("panic", fmt.Sprint(v)))
				if sw.status == 0 {
					writeError(sw, http.StatusInternalServerError, codeServerFault, "internal error")
				}
			}
			s.logAttrs(r.Context(), slog.LevelDebug, "request", slog.String("method", r.Method),
				slog.String("path", r.URL.Path), slog.Int("status", sw.status),
				slog.Duration("duration", s.now().Sub(start)), slog.String("tracking_id", w.Header().Get("TrackingID")))
		}()
		if strings.HasPrefix(r.URL.Path, "/_emulator/") {
			admin.ServeHTTP(sw, r)
			return
		}
		s.serveAPI(sw, r, api)
	})
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, api http.Handler) {
	tok, ok := bearer(r.Header.Get("Authorization"))
	if !ok {
		writeError(w, http.StatusUnauthorized, codeUnauthorized, "The request requires a valid access token set in the Authorization request header.")
		return
	}
	p := s.dir.byToken[tok]
	if p == nil {
		writeError(w, http.StatusUnauthorized, codeUnauthorized, "The request requires a valid access token set in the Authorization request header.")
		return
	}
	if ok, retry := s.ctl.allow(rateKey(s.opts.RateScope, tok, p), s.now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		writeError(w, http.StatusTooManyRequests, codeRateLimited, "Too many requests; retry after "+strconv.Itoa(retry)+"s")
		return
	}
	if st := s.ctl.fault(); st != 0 {
		s.logAttrs(r.Context(), slog.LevelInfo, "injected fault", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", st))
		writeError(w, st, codeServerFault, "injected fault (emulator)")
		return
	}
	if d := s.ctl.delay(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-r.Context().Done():
			t.Stop()
			writeError(w, http.StatusServiceUnavailable, codeServerFault, "request cancelled")
			return
		case <-t.C:
		}
		// WriteTimeout counts from here: the injected delay is not the client's fault.
		// (A connection deadline is real time, not Options.Now.)
		if s.opts.WriteTimeout > 0 {
			_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
		}
	}
	api.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, p)))
}

// rateKey names the token bucket a request of tok (principal p) takes from: the token's
// own, or with RateScopeOrg the one of the token's organization. The two kinds of key
// cannot collide (a token has no spaces; an org key starts with one).
func rateKey(scope, tok string, p *principal) string {
	if scope == RateScopeOrg && p.org != nil {
		return " org " + p.org.id
	}
	return tok
}

// logAttrs logs one record, stamped with the emulator's clock (Options.Now).
func (s *Server) logAttrs(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	h := s.log.Handler()
	if !h.Enabled(ctx, level) {
		return
	}
	rec := slog.NewRecord(s.now(), level, msg, 0)
	rec.AddAttrs(attrs...)
	_ = h.Handle(ctx, rec)
}

// bearer extracts the token of "Bearer <token>" (scheme case-insensitive).
func bearer(h string) (string, bool) {
	const scheme = "bearer "
	if len(h) <= len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) {
		return "", false
	}
	t := strings.TrimSpace(h[len(scheme):])
	return t, t != ""
}
