package emulator_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
)

// Handler-level benchmarks (no sockets), for profiling:
//   go test ./emulator -run '^$' -bench . -benchmem -cpuprofile cpu.out
// End-to-end numbers over HTTP come from `go run ./internal/bench/emuload`.

func benchEmu(b *testing.B, durable bool) (*rawEmu, string) {
	b.Helper()
	var opts []func(*emulator.Options)
	if durable {
		path := filepath.Join(b.TempDir(), "state.db")
		opts = append(opts, func(o *emulator.Options) { o.StatePath = path })
	}
	e := newRaw(b, opts...)
	return e, pathsFor(kPerson, e.first(b, kPerson).ID).Outgoing
}

func benchServe(b *testing.B, e *rawEmu, method, path string, body []byte, want int) {
	b.Helper()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := newRequest(e.tokens.FullAdmin, method, path, body)
			rec := httptest.NewRecorder()
			e.Server.Handler().ServeHTTP(rec, req)
			if rec.Code != want {
				b.Errorf("%s %s = %d: %s", method, path, rec.Code, rec.Body)
				return
			}
		}
	})
}

var benchPut = []byte(`{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`)

func BenchmarkPersonPermissionsGET(b *testing.B) {
	for _, durable := range []bool{false, true} {
		name := map[bool]string{false: "memory", true: "bbolt"}[durable]
		b.Run(name, func(b *testing.B) {
			e, path := benchEmu(b, durable)
			benchServe(b, e, http.MethodGet, path, nil, http.StatusOK)
		})
	}
}

func BenchmarkPersonPermissionsPUT(b *testing.B) {
	for _, durable := range []bool{false, true} {
		name := map[bool]string{false: "memory", true: "bbolt"}[durable]
		b.Run(name, func(b *testing.B) {
			e, path := benchEmu(b, durable)
			benchServe(b, e, http.MethodPut, path, benchPut, http.StatusNoContent)
		})
	}
}
