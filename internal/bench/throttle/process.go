package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// With -server-process every run's server is a process of its own, as Webex's servers
// are machines of their own: the server's arrival times then carry none of the client's
// garbage collection and goroutine scheduling. (On the two cores of docs/BENCHMARKS.md it
// made no difference that the noise did not swamp, so it is not the default.) The child is
// this same binary, started with serveEnv set to the server's setup; it prints its base
// URL, serves until its standard input closes, and answers GET /counts with its own counts.

// serveEnv, when set, makes the binary a bucket server: the value is a serverSetup as JSON.
const serveEnv = "WXC_THROTTLE_SERVE"

// serverSetup is what a server needs to know.
type serverSetup struct {
	Rate       float64       `json:"rate"`
	Burst      int           `json:"burst"`
	Latency    time.Duration `json:"latency"`
	RetryAfter int           `json:"retryAfter"`
}

// serverCounts are a server's own counts of answers.
type serverCounts struct {
	Total     int64 `json:"total"`
	OK        int64 `json:"ok"`
	Throttled int64 `json:"throttled"`
}

// benchServer is the server of one run, in this process or in a child.
type benchServer interface {
	// URL is the base URL for the SDK (ending in /v1).
	URL() string
	Counts() (serverCounts, error)
	Close()
}

// serverHandler serves the bench's GET and the server's counts.
func serverHandler(s *bucketServer) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /v1/people/{id}", s)
	mux.HandleFunc("GET /counts", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.counts())
	})
	return mux
}

func (s *bucketServer) counts() serverCounts {
	return serverCounts{Total: s.total.Load(), OK: s.ok.Load(), Throttled: s.throttled.Load()}
}

// startServer starts the server of cfg: a child process when cfg.ServerProcess, else in
// this process.
func startServer(cfg config, stderr io.Writer) (benchServer, error) {
	setup := serverSetup{Rate: cfg.Rate, Burst: cfg.Burst, Latency: cfg.Latency, RetryAfter: cfg.RetryAfter}
	if cfg.ServerProcess {
		return startChild(setup, stderr)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := newBucketServer(setup.Rate, setup.Burst, setup.Latency, setup.RetryAfter)
	hs := &http.Server{Handler: serverHandler(s), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return &localServer{s: s, hs: hs, url: "http://" + ln.Addr().String() + "/v1"}, nil
}

type localServer struct {
	s   *bucketServer
	hs  *http.Server
	url string
}

func (l *localServer) URL() string                   { return l.url }
func (l *localServer) Counts() (serverCounts, error) { return l.s.counts(), nil }
func (l *localServer) Close()                        { _ = l.hs.Close() }

type childServer struct {
	cmd   *exec.Cmd
	stdin io.Closer
	url   string
	hc    *http.Client
}

// childStartTimeout bounds the wait for a child's URL.
const childStartTimeout = 10 * time.Second

func startChild(setup serverSetup, stderr io.Writer) (*childServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("server process: %w", err)
	}
	js, err := json.Marshal(setup)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), serveEnv+"="+string(js))
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("server process: %w", err)
	}
	c := &childServer{cmd: cmd, stdin: stdin, hc: &http.Client{Timeout: 10 * time.Second}}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	t := time.NewTimer(childStartTimeout)
	defer t.Stop()
	select {
	case c.url = <-line:
	case <-t.C:
	}
	if !strings.HasPrefix(c.url, "http://127.0.0.1:") {
		c.Close()
		return nil, fmt.Errorf("server process did not start (it printed %q)", c.url)
	}
	return c, nil
}

func (c *childServer) URL() string { return c.url + "/v1" }

func (c *childServer) Counts() (serverCounts, error) {
	var n serverCounts
	resp, err := c.hc.Get(c.url + "/counts")
	if err != nil {
		return n, fmt.Errorf("server process counts: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return n, fmt.Errorf("server process counts: status %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&n); err != nil {
		return n, fmt.Errorf("server process counts: %w", err)
	}
	return n, nil
}

// Close closes the child's standard input, which ends it, and waits for it (killing it
// when it does not end within a few seconds).
func (c *childServer) Close() {
	_ = c.stdin.Close()
	done := make(chan struct{})
	go func() {
		_ = c.cmd.Wait()
		close(done)
	}()
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		_ = c.cmd.Process.Kill()
		<-done
	}
}

// serveChild is the child's main: it serves the setup given as JSON on 127.0.0.1, prints
// its base URL on stdout and returns when stdin closes (the parent is done, or gone).
func serveChild(setupJSON string, stdin io.Reader, stdout, stderr io.Writer) int {
	var setup serverSetup
	if err := json.Unmarshal([]byte(setupJSON), &setup); err != nil || setup.Rate <= 0 || setup.Burst < 1 {
		fmt.Fprintf(stderr, "throttle server: bad %s %q\n", serveEnv, setupJSON)
		return 2
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(stderr, "throttle server:", err)
		return 1
	}
	s := newBucketServer(setup.Rate, setup.Burst, setup.Latency, setup.RetryAfter)
	hs := &http.Server{Handler: serverHandler(s), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "http://%s\n", ln.Addr())
	go func() {
		_, _ = io.Copy(io.Discard, stdin)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
		_ = hs.Close()
	}()
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "throttle server:", err)
		return 1
	}
	return 0
}
