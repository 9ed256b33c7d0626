package emulator

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// putThroughput runs clients concurrent PUT loops over real HTTP for d and
// returns PUTs per second.
func putThroughput(tb testing.TB, s *Server, clients int, d time.Duration) float64 {
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	people := s.dir.primary.people
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := people[c%len(people)]
			url := hs.URL + "/v1/people/" + p.id + "/features/outgoingPermission"
			for i := 0; time.Now().Before(deadline); i++ {
				body := fmt.Sprintf(`{"useCustomEnabled":true,"callingPermissions":[{"callType":"NATIONAL","action":"ALLOW","transferEnabled":%v}]}`, i%2 == 0)
				req, _ := http.NewRequest("PUT", url, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+s.Tokens().FullAdmin)
				resp, err := hc.Do(req)
				if err != nil {
					tb.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 204 {
					tb.Errorf("PUT: %d", resp.StatusCode)
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds()
}

// TestUnitBoltGroupCommitThroughput checks that 32 concurrent PUT clients on
// a bbolt state file reach 2,000 PUT/s (fsync per commit, group commit).
// Under the race detector it only reports the number: there it measures the
// detector (and the machine's load) more than the store.
func TestUnitBoltGroupCommitThroughput(t *testing.T) {
	if testing.Short() {
		t.Skip("throughput test")
	}
	s, err := New(Options{StatePath: filepath.Join(t.TempDir(), "s.db"), People: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const want = 2000.0
	// Best of up to three runs: other tests share the machine's CPUs and disk.
	var got float64
	for range 3 {
		got = max(got, putThroughput(t, s, 32, time.Second))
		t.Logf("bbolt, 32 clients: %.0f PUT/s", got)
		if got >= want || raceEnabled {
			break
		}
	}
	if got < want && !raceEnabled {
		t.Errorf("%.0f PUT/s, want >= %.0f", got, want)
	}
}

func BenchmarkUnitGetPermsMemory(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	p := s.dir.primary.people[0]
	req := httptest.NewRequest("GET", "/v1/people/"+p.id+"/features/outgoingPermission", nil)
	req.Header.Set("Authorization", "Bearer "+s.Tokens().FullAdmin)
	h := s.Handler()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkUnitBareHandler is the baseline: a bare handler writing the same JSON.
func BenchmarkUnitBareHandler(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	p := s.dir.primary.people[0]
	req := httptest.NewRequest("GET", "/v1/people/"+p.id+"/features/outgoingPermission", nil)
	req.Header.Set("Authorization", "Bearer "+s.Tokens().FullAdmin)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
	}
}

func BenchmarkUnitBoltPut32(b *testing.B) {
	s, err := New(Options{StatePath: filepath.Join(b.TempDir(), "s.db"), People: 64})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportMetric(putThroughput(b, s, 32, 2*time.Second), "PUT/s")
}

// benchHTTP measures GETs over loopback HTTP against h, in parallel.
func benchHTTP(b *testing.B, h http.Handler, path, tok string) {
	hs := httptest.NewServer(h)
	defer hs.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", hs.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}

func BenchmarkUnitHTTPGetPerms(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	benchHTTP(b, s.Handler(), "/v1/people/"+s.dir.primary.people[0].id+"/features/outgoingPermission", s.Tokens().FullAdmin)
}

func BenchmarkUnitHTTPBare(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	path := "/v1/people/" + s.dir.primary.people[0].id + "/features/outgoingPermission"
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+s.Tokens().FullAdmin)
	s.Handler().ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	benchHTTP(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}), path, "x")
}
