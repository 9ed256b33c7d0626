// Package benchutil holds what the benchmark harnesses under internal/bench share: an HTTP
// front that counts the API answers by status, this process's CPU time, the load average and
// a one-line description of the machine (docs/BENCHMARKS.md records it with every result),
// building the wxc binary and reading `/usr/bin/time -v` output.
package benchutil

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Counts are the answers a Counting front gave to API requests (paths under /v1/).
type Counts struct {
	Requests  atomic.Int64 // every API request answered
	Throttled atomic.Int64 // answered 429
	Non2xx    atomic.Int64 // answered outside 200-299 (429 included)
}

// Counting serves h on 127.0.0.1 (a free port), counting the API answers. It returns the
// API's base URL ("http://127.0.0.1:PORT/v1") and a stop function.
func Counting(h http.Handler) (baseURL string, counts *Counts, stop func(), err error) {
	counts = &Counts{}
	counted := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !strings.HasPrefix(req.URL.Path, "/v1/") {
			h.ServeHTTP(w, req)
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, req)
		counts.Requests.Add(1)
		if sw.status == http.StatusTooManyRequests {
			counts.Throttled.Add(1)
		}
		if sw.status < 200 || sw.status > 299 {
			counts.Non2xx.Add(1)
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, nil, err
	}
	hs := &http.Server{Handler: counted, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String() + "/v1", counts, func() { hs.Shutdown(context.Background()) }, nil
}

// statusWriter records the status of a response.
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

// SelfCPU is the user+system CPU time of this process so far.
func SelfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// LoadAvg is the 1, 5 and 15 minute load averages ("?" where /proc/loadavg is missing).
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// Machine describes the machine: OS/arch, CPUs and their model, memory, Go version.
func Machine() string {
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				if _, v, ok := strings.Cut(l, ":"); ok {
					cpu = strings.TrimSpace(v)
				}
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if l, _, ok := strings.Cut(string(b), "\n"); ok {
			mem = strings.Join(strings.Fields(l)[1:], " ") + " RAM"
		}
	}
	return fmt.Sprintf("%s/%s, %d CPUs (%s), %s, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, mem, runtime.Version())
}

// BuildWxc builds ./cmd/wxc (run from the module root) into dir/wxc, with the build's output
// on stderr, and returns the binary's path.
func BuildWxc(dir string) (string, error) {
	bin := filepath.Join(dir, "wxc")
	build := exec.Command("go", "build", "-o", bin, "./cmd/wxc")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/wxc: %w", err)
	}
	return bin, nil
}

// ExitCode is the exit code of a command that ended with err (from Run or Wait): 0 for nil,
// the code for an *exec.ExitError; any other error (the command did not run) is returned.
func ExitCode(err error) (int, error) {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &ee):
		return ee.ExitCode(), nil
	default:
		return 0, err
	}
}

// TimeV is what GNU `/usr/bin/time -v` reported of a command.
type TimeV struct {
	PeakRSSKB int64 // "Maximum resident set size (kbytes)"
	User, Sys time.Duration
}

// ParseTimeV reads the lines of `/usr/bin/time -v` in out (the command's stderr, which may
// hold other lines too); the fields it does not find stay zero.
func ParseTimeV(out string) TimeV {
	var t TimeV
	seconds := func(s string) time.Duration {
		f, _ := strconv.ParseFloat(s, 64)
		return time.Duration(f * float64(time.Second))
	}
	for _, l := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(l), ": ")
		if !ok {
			continue
		}
		switch k {
		case "Maximum resident set size (kbytes)":
			t.PeakRSSKB, _ = strconv.ParseInt(v, 10, 64)
		case "User time (seconds)":
			t.User = seconds(v)
		case "System time (seconds)":
			t.Sys = seconds(v)
		}
	}
	return t
}
