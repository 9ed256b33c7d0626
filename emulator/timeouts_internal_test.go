package emulator

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests talk raw HTTP/1.1 over loopback connections so that they can
// stall mid-request. Every wait is bounded by a read deadline; the timeouts
// under test are short and set by the test.

// listenT starts a server on 127.0.0.1 and returns it with its host:port.
func listenT(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	base, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return srv, strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/v1")
}

func dialT(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func writeT(t *testing.T, c net.Conn, s string) {
	t.Helper()
	c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, s); err != nil {
		t.Fatal(err)
	}
}

// closedWithin reads c until the server closes it and returns how long that
// took since start, and what the server sent. It fails the test if c is
// still open at start+limit.
func closedWithin(t *testing.T, c net.Conn, r io.Reader, start time.Time, limit time.Duration) (time.Duration, []byte) {
	t.Helper()
	c.SetReadDeadline(start.Add(limit))
	b, err := io.ReadAll(r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("connection still open %v after it started", limit)
	}
	if err != nil && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("read: %v", err)
	}
	return time.Since(start), b
}

// getReq is a complete keep-alive request that needs no token.
const getReq = "GET /_emulator/health HTTP/1.1\r\nHost: emu\r\n\r\n"

// readResp reads one response from br.
func readResp(t *testing.T, c net.Conn, br *bufio.Reader, limit time.Duration) *http.Response {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(limit))
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestUnitSlowBodyClosedAtReadTimeout: clients that send their headers and
// then trickle (here: stop sending) the body are cut off at ReadTimeout,
// without an answer, while other clients are served.
func TestUnitSlowBodyClosedAtReadTimeout(t *testing.T) {
	const rt = 400 * time.Millisecond
	srv, addr := listenT(t, Options{ReadTimeout: rt, IdleTimeout: 10 * time.Second})
	path := "/v1/people/" + srv.dir.primary.people[0].id + "/features/outgoingPermission"
	const n = 40
	conns := make([]net.Conn, n)
	starts := make([]time.Time, n)
	for i := range n {
		starts[i] = time.Now()
		conns[i] = dialT(t, addr)
		writeT(t, conns[i], "PUT "+path+" HTTP/1.1\r\nHost: emu\r\nAuthorization: Bearer "+srv.Tokens().FullAdmin+
			"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"useCustom")
	}
	// A well-behaved client is served meanwhile.
	ok := dialT(t, addr)
	writeT(t, ok, getReq)
	if resp := readResp(t, ok, bufio.NewReader(ok), 5*time.Second); resp.StatusCode != 200 {
		t.Fatalf("a normal request during the slow ones: %d", resp.StatusCode)
	}
	for i, c := range conns {
		took, got := closedWithin(t, c, c, starts[i], rt+5*time.Second)
		if took < rt-10*time.Millisecond {
			t.Fatalf("slow body %d closed after %v, before the %v read timeout", i, took, rt)
		}
		if len(got) != 0 {
			t.Fatalf("slow body %d got an answer: %q", i, got)
		}
	}
	// Nothing was written.
	var p permsResp
	ts := &tsrv{Server: srv, t: t, tok: srv.Tokens().FullAdmin}
	ts.must(200, "GET", path, nil).json(t, &p)
	if p.UseCustomEnabled != nil && *p.UseCustomEnabled {
		t.Fatal("a cut-off request changed the state")
	}
}

// TestUnitSlowHeadersClosedAtReadHeaderTimeout: a client that never finishes
// its headers is cut off at ReadHeaderTimeout.
func TestUnitSlowHeadersClosedAtReadHeaderTimeout(t *testing.T) {
	const rht = 300 * time.Millisecond
	_, addr := listenT(t, Options{ReadHeaderTimeout: rht})
	start := time.Now()
	c := dialT(t, addr)
	writeT(t, c, "GET /_emulator/health HTTP/1.1\r\nHost: emu\r\nX-Slow: ")
	if took, _ := closedWithin(t, c, c, start, rht+5*time.Second); took < rht-10*time.Millisecond {
		t.Fatalf("closed after %v, before the %v header timeout", took, rht)
	}
}

// TestUnitIdleConnectionsClosedAtIdleTimeout: keep-alive connections that
// send nothing after a response are closed at IdleTimeout.
func TestUnitIdleConnectionsClosedAtIdleTimeout(t *testing.T) {
	const idle = 400 * time.Millisecond
	_, addr := listenT(t, Options{IdleTimeout: idle})
	const n = 100
	conns := make([]net.Conn, n)
	readers := make([]*bufio.Reader, n)
	served := make([]time.Time, n)
	for i := range n {
		conns[i] = dialT(t, addr)
		readers[i] = bufio.NewReader(conns[i])
		writeT(t, conns[i], getReq)
		resp := readResp(t, conns[i], readers[i], 5*time.Second)
		served[i] = time.Now()
		if resp.StatusCode != 200 || resp.Close {
			t.Fatalf("conn %d: status %d, close %v (want a kept-alive 200)", i, resp.StatusCode, resp.Close)
		}
	}
	for i, c := range conns {
		took, got := closedWithin(t, c, readers[i], served[i], idle+5*time.Second)
		// The server's idle clock starts when it has written the response,
		// a moment before this side has read it.
		if took < idle-100*time.Millisecond {
			t.Fatalf("idle conn %d closed after %v, before the %v idle timeout", i, took, idle)
		}
		if len(got) != 0 {
			t.Fatalf("idle conn %d got %q", i, got)
		}
	}
}

// TestUnitMaxConnsEnforced: with MaxConns 2, a third connection is not
// served while two are open, and is served as soon as one closes.
func TestUnitMaxConnsEnforced(t *testing.T) {
	_, addr := listenT(t, Options{MaxConns: 2, IdleTimeout: time.Minute})
	var held []net.Conn
	for range 2 {
		c := dialT(t, addr)
		writeT(t, c, getReq)
		if resp := readResp(t, c, bufio.NewReader(c), 5*time.Second); resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		held = append(held, c) // open and idle: each holds a slot
	}
	third := dialT(t, addr) // the kernel completes the handshake: it waits in the backlog
	writeT(t, third, getReq)
	br := bufio.NewReader(third)
	third.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := br.ReadByte(); err == nil || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("third connection answered (%v) while two were open", err)
	}
	held[0].Close()
	if resp := readResp(t, third, br, 5*time.Second); resp.StatusCode != 200 {
		t.Fatalf("third connection after one closed: %d", resp.StatusCode)
	}
}

// TestUnitLatencyIsNotCutByTimeouts: ReadTimeout and WriteTimeout bound the
// client's side (sending the request, reading the answer), not the delay the
// emulator injects itself: a latency longer than both is still answered.
func TestUnitLatencyIsNotCutByTimeouts(t *testing.T) {
	srv, addr := listenT(t, Options{ReadTimeout: 150 * time.Millisecond, WriteTimeout: 150 * time.Millisecond, Latency: 500 * time.Millisecond})
	url := "http://" + addr + "/v1/people/" + srv.dir.primary.people[0].id + "/features/outgoingPermission"
	for _, m := range []struct{ method, body string }{
		{"GET", ""},
		{"PUT", `{"useCustomEnabled":true}`},
	} {
		req, _ := http.NewRequestWithContext(t.Context(), m.method, url, strings.NewReader(m.body))
		req.Header.Set("Authorization", "Bearer "+srv.Tokens().FullAdmin)
		if m.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		c := &http.Client{Timeout: 10 * time.Second}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s with latency beyond the timeouts: %v", m.method, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("%s with latency beyond the timeouts: %d %s", m.method, resp.StatusCode, b)
		}
	}
}

// TestUnitListenLimits: the defaults, and "no limit" for negative values.
func TestUnitListenLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		want [4]time.Duration
		max  int
	}{
		{"defaults", Options{}, [4]time.Duration{DefaultReadHeaderTimeout, DefaultReadTimeout, DefaultWriteTimeout, DefaultIdleTimeout}, DefaultMaxConns},
		{"set", Options{ReadHeaderTimeout: 1, ReadTimeout: 2, WriteTimeout: 3, IdleTimeout: 4, MaxConns: 5}, [4]time.Duration{1, 2, 3, 4}, 5},
		{"none", Options{ReadHeaderTimeout: -1, ReadTimeout: -5, WriteTimeout: -1, IdleTimeout: -1, MaxConns: -1}, [4]time.Duration{-1, -1, -1, -1}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := listenT(t, tc.opts)
			h := srv.httpSrv
			got := [4]time.Duration{h.ReadHeaderTimeout, h.ReadTimeout, h.WriteTimeout, h.IdleTimeout}
			if got != tc.want {
				t.Errorf("timeouts %v, want %v", got, tc.want)
			}
			max := 0
			if l, ok := srv.listener.(*limitListener); ok {
				max = cap(l.sem)
			}
			if max != tc.max {
				t.Errorf("connection cap %d, want %d", max, tc.max)
			}
		})
	}
}
