// Command check is the benchmark harness for `wxc check --all` (docs/BENCHMARKS.md, "check").
//
// Offline: it generates an export file (wxc export -o jsonl records) of an org with -entities
// calling entities in -locations locations of several countries, picks -numbers dialled
// numbers of every kind, builds wxc, and runs
//
//	wxc check --all --from FILE NUMBER... --summary -o json   (and -o table)
//
// under /usr/bin/time -v for its peak RSS and CPU time; decisions per CPU second is
// (callers × numbers) / (user + system time). It also measures the engine alone, in this
// process on one goroutine: Prepare per entity, one classification per country and number,
// DecideClassified per decision.
//
// Live: it starts the emulator in this process on 127.0.0.1 with -live-people people and a
// fixed latency per request, runs `wxc check --all` against it at -concurrency, and compares
// the wall time with the floor requests × latency / concurrency, as internal/bench/export does.
//
//	go run ./internal/bench/check                         # full run, markdown report on stdout
//	go run ./internal/bench/check -entities 10000 -live-people 500   # quick look
//	go run ./internal/bench/check -gen org.jsonl -entities 100000    # only write the input file
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/bench/benchutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench/check:", err)
		os.Exit(1)
	}
}

type config struct {
	entities, locations, numbers int
	gen, wxcBin, out             string
	livePeople, concurrency      int
	latency                      time.Duration
	skipLive, skipOffline        bool
	commandLine                  string
}

func run() error {
	var cfg config
	flag.IntVar(&cfg.entities, "entities", 100000, "calling entities (people, workspaces, virtual lines) of the generated export")
	flag.IntVar(&cfg.locations, "locations", 200, "locations of the generated export")
	flag.IntVar(&cfg.numbers, "numbers", 100, "dialled numbers")
	flag.StringVar(&cfg.gen, "gen", "", "only write the generated export to this `file` and print the numbers")
	flag.StringVar(&cfg.wxcBin, "wxc", "", "wxc binary (default: go build ./cmd/wxc into a temp dir)")
	flag.StringVar(&cfg.out, "out", "-", "markdown report file (- for stdout)")
	flag.IntVar(&cfg.livePeople, "live-people", 2000, "people in the emulator org of the live run")
	flag.IntVar(&cfg.concurrency, "concurrency", 50, "concurrency of the live run")
	flag.DurationVar(&cfg.latency, "latency", 50*time.Millisecond, "emulator latency per request in the live run")
	flag.BoolVar(&cfg.skipLive, "skip-live", false, "skip the live run")
	flag.BoolVar(&cfg.skipOffline, "skip-offline", false, "skip the offline run")
	flag.Parse()
	cfg.commandLine = "go run ./internal/bench/check " + strings.Join(os.Args[1:], " ")
	numbers := dialled(cfg.numbers)
	if cfg.gen != "" {
		if _, err := generate(cfg.gen, cfg.entities, cfg.locations); err != nil {
			return err
		}
		fmt.Println(strings.Join(numbers, " "))
		return nil
	}
	tmp, err := os.MkdirTemp("", "wxc-bench-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if cfg.wxcBin == "" {
		if cfg.wxcBin, err = benchutil.BuildWxc(tmp); err != nil {
			return err
		}
	}
	var rep report
	rep.cfg = cfg
	if !cfg.skipOffline {
		path := filepath.Join(tmp, "org.jsonl")
		start := time.Now()
		size, err := generate(path, cfg.entities, cfg.locations)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "generated %s (%.1f MB) in %v\n", path, float64(size)/1e6, time.Since(start).Round(time.Millisecond))
		rep.fileMB = float64(size) / 1e6
		for _, format := range []string{"json", "table"} {
			o, err := offline(cfg, path, format, numbers)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "offline: %+v\n", o)
			rep.offline = append(rep.offline, o)
		}
		if rep.engine, err = engineOnly(path, numbers, 20000); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "engine only: %+v\n", rep.engine)
	}
	if !cfg.skipLive {
		if rep.live, err = live(cfg, tmp, numbers[:min(10, len(numbers))]); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "live: %+v\n", rep.live)
	}
	md := rep.markdown()
	fmt.Print(md)
	if cfg.out == "-" {
		return nil
	}
	return os.WriteFile(cfg.out, []byte(md), 0o644)
}

// countries of the generated locations, in turn.
var countries = []string{"US", "GB", "DE", "FR", "AU", "IN", "CA"}

// dialled returns n numbers of every kind the engine classifies, from several countries'
// points of view: national, mobile, toll free, premium, shared cost, international,
// satellite, emergency, short codes and extensions, each with a few subscriber variants.
func dialled(n int) []string {
	base := []string{
		"+12125550100", "+18005550100", "+19005550100", "2125550100", "12125550100", "011442079460000",
		"+442079460000", "+447700900123", "+448001234567", "+449098790000", "02079460000", "09098790000",
		"+4930123456789", "+4990012345678", "+491701234567", "030123456789",
		"+33142685300", "+33899123456", "+61290000000", "+611900123456", "+912212345678",
		"+8816123456789", "+88216123456", "911", "112", "999", "411", "1234", "5001", "00442079460000",
	}
	out := make([]string, 0, n)
	for v := 0; len(out) < n; v++ {
		for _, b := range base {
			if len(out) == n {
				break
			}
			if v == 0 || len(b) < 6 {
				if v == 0 {
					out = append(out, b)
				}
				continue
			}
			// A variant: the last digits changed.
			d := []byte(b)
			d[len(d)-1] = byte('0' + (int(d[len(d)-1]-'0')+v)%10)
			d[len(d)-2] = byte('0' + (int(d[len(d)-2]-'0')+v)%10)
			out = append(out, string(d))
		}
	}
	return out
}

// generate writes an export of an org: locations (each with a full call-type list, 10 digit
// patterns, 3 access codes and transfer numbers), then entities of which a quarter use their
// own call types and 3 own patterns. It returns the file size.
func generate(path string, entities, locations int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	actions := []wxc.Action{wxc.ActionAllow, wxc.ActionBlock, wxc.ActionAuthCode, wxc.ActionTransferNumber1}
	perms := func(seed int) *wxc.CallingPermissions {
		p := wxc.NewCallingPermissions()
		for i, ct := range wxc.KnownCallTypes() {
			a := wxc.ActionAllow
			switch ct {
			case wxc.CallTypePremiumServicesI, wxc.CallTypePremiumServicesII:
				a = wxc.ActionBlock
			case wxc.CallTypeInternational:
				a = actions[(seed+i)%len(actions)]
			}
			p.Set(ct, wxc.CallTypePermission{Action: a, TransferEnabled: true})
		}
		return p
	}
	patterns := func(seed, n int) []wxc.DigitPattern {
		pats := []string{"+1900!", "+44909!", "+49900!", "+882!", "+881!", "9XXX", "+3389XXXXXXX", "+61190!", "1XXX", "+91!", "+4470!", "+1212555XXXX"}
		var out []wxc.DigitPattern
		for i := range n {
			p := pats[(seed+i)%len(pats)]
			out = append(out, wxc.DigitPattern{ID: fmt.Sprintf("dp-%d-%d", seed, i), Name: fmt.Sprintf("pattern %d", i),
				Pattern: p, Action: actions[(seed+i)%len(actions)], TransferEnabled: wxc.Bool(false)})
		}
		return out
	}
	num := func(s string) *string { return &s }
	for l := range locations {
		id := fmt.Sprintf("LOC-%04d", l)
		name := fmt.Sprintf("Site %d", l)
		s := snapshot.Settings{
			Entity:          snapshot.Entity{Kind: wxc.Location, ID: id, Name: name, LocationID: id, LocationName: name, LocationCountry: countries[l%len(countries)]},
			Outgoing:        &wxc.OutgoingPermissions{CallingPermissions: perms(l)},
			TransferNumbers: &wxc.AutoTransferNumbers{AutoTransferNumber1: num("+12125550199")},
			AccessCodes:     &wxc.AuthCodes{AccessCodes: []wxc.AuthCode{{Code: "1234", Description: "a"}, {Code: "2345", Description: "b"}, {Code: "3456", Description: "c"}}},
			DigitPatterns:   &wxc.DigitPatterns{DigitPatterns: patterns(l, 10)},
		}
		if err := enc.Encode(&s); err != nil {
			return 0, err
		}
	}
	kinds := []wxc.EntityKind{wxc.Person, wxc.Person, wxc.Person, wxc.Person, wxc.Person, wxc.Person, wxc.Person, wxc.Workspace, wxc.Workspace, wxc.VirtualLine}
	for i := range entities {
		l := (i * 7919) % locations
		lid := fmt.Sprintf("LOC-%04d", l)
		custom := i%4 == 0
		s := snapshot.Settings{
			Entity: snapshot.Entity{Kind: kinds[i%len(kinds)], ID: fmt.Sprintf("E-%07d", i), Name: fmt.Sprintf("Entity %d", i),
				LocationID: lid, LocationName: fmt.Sprintf("Site %d", l), LocationCountry: countries[l%len(countries)]},
			Outgoing:        &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(custom), UseCustomPermissions: wxc.Bool(custom), CallingPermissions: perms(i)},
			TransferNumbers: &wxc.AutoTransferNumbers{UseCustomTransferNumbers: wxc.Bool(false)},
			AccessCodes:     &wxc.AuthCodes{UseCustomAccessCodes: wxc.Bool(i%10 == 0)},
			DigitPatterns:   &wxc.DigitPatterns{UseCustomDigitPatterns: wxc.Bool(custom)},
		}
		if s.Kind == wxc.Person {
			s.Email = fmt.Sprintf("entity%d@example.com", i)
		}
		if custom {
			s.DigitPatterns.DigitPatterns = patterns(i, 3)
		}
		if err := enc.Encode(&s); err != nil {
			return 0, err
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), f.Close()
}

type offlineResult struct {
	format           string
	callers, numbers int
	wall, user, sys  time.Duration
	peakRSSKB        int64
	exit             int
}

func (r offlineResult) decisions() int { return r.callers * r.numbers }

// offline runs check --all --from --summary -o format under /usr/bin/time -v: json counts
// every decision under its reason, table only by action.
func offline(cfg config, path, format string, numbers []string) (offlineResult, error) {
	r := offlineResult{format: format, callers: cfg.entities, numbers: len(numbers)}
	args := append([]string{"-v", cfg.wxcBin, "--quiet", "check", "--all", "--from", path, "--summary", "-o", format}, numbers...)
	cmd := exec.Command("/usr/bin/time", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r.wall = time.Since(start)
	if r.exit, err = benchutil.ExitCode(err); err != nil {
		return r, err
	}
	if r.exit != 0 && r.exit != 4 {
		return r, fmt.Errorf("wxc check exited %d: %s", r.exit, tail(stderr.String()))
	}
	entities := -1
	if format == "json" {
		var sums []struct {
			Entities int `json:"entities"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &sums); err != nil || len(sums) != len(numbers) {
			return r, fmt.Errorf("check output: %v (%d summaries)", err, len(sums))
		}
		entities = sums[0].Entities
	} else {
		// NUMBER SUMMARY "" "N entities" ...
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		if cells := strings.Split(lines[0], "\t"); len(lines) != len(numbers) || len(cells) < 4 {
			return r, fmt.Errorf("check output: %d lines for %d numbers", len(lines), len(numbers))
		} else {
			fmt.Sscanf(cells[3], "%d entities", &entities)
		}
	}
	if entities != cfg.entities {
		return r, fmt.Errorf("check decided %d entities, want %d", entities, cfg.entities)
	}
	tv := benchutil.ParseTimeV(stderr.String())
	r.peakRSSKB, r.user, r.sys = tv.PeakRSSKB, tv.User, tv.Sys
	return r, nil
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

type engineResult struct {
	entities, decisions int
	cpu                 time.Duration
}

// engineOnly decides every number for the first n callers of the file in this process, on
// one goroutine, and returns the CPU time of the decisions (Prepare included, file reading
// not).
func engineOnly(path string, numbers []string, n int) (engineResult, error) {
	var r engineResult
	f, err := os.Open(path)
	if err != nil {
		return r, err
	}
	defer f.Close()
	locs := map[string]*snapshot.Settings{}
	var callers []*snapshot.Settings
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() && len(callers) < n {
		var s snapshot.Settings
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return r, err
		}
		if s.Kind == wxc.Location {
			locs[s.ID] = &s
		} else {
			callers = append(callers, &s)
		}
	}
	eng, err := callcheck.New(callcheck.Options{})
	if err != nil {
		return r, err
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	classes := map[string][]callcheck.Classification{}
	start := threadCPU()
	for _, s := range callers {
		sub := s.CallSubject(locs[s.LocationID], "")
		cs, ok := classes[sub.Country]
		if !ok {
			for _, num := range numbers {
				c, err := eng.Classify(sub.Country, num)
				if err != nil {
					c = callcheck.Classification{} // not a number from there: decided as unknown, as check counts it
				}
				cs = append(cs, c)
			}
			classes[sub.Country] = cs
		}
		p, err := eng.Prepare(sub)
		if err != nil {
			return r, err
		}
		for _, c := range cs {
			_ = p.DecideClassified(c)
			r.decisions++
		}
		r.entities++
	}
	r.cpu = threadCPU() - start
	return r, nil
}

// threadCPU is the CPU time of the calling thread.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type liveResult struct {
	people, concurrency, numbers int
	requests                     int64
	floor, wall                  time.Duration
	peakRSSKB                    int64
	exit                         int
	entities                     int
}

// live runs check --all against an in-process emulator with latency.
func live(cfg config, tmp string, numbers []string) (liveResult, error) {
	r := liveResult{people: cfg.livePeople, concurrency: cfg.concurrency, numbers: len(numbers)}
	srv, err := emulator.New(emulator.Options{People: cfg.livePeople, Latency: cfg.latency})
	if err != nil {
		return r, err
	}
	defer srv.Close()
	baseURL, counts, stop, err := benchutil.Counting(srv.Handler())
	if err != nil {
		return r, err
	}
	defer stop()
	args := append([]string{"--base-url", baseURL, "--token", srv.Tokens().FullAdmin, "--quiet", "--concurrency", strconv.Itoa(cfg.concurrency),
		"check", "--all", "--summary", "-o", "json", "--failures", filepath.Join(tmp, "live-failures.jsonl")}, numbers...)
	cmd := exec.Command(cfg.wxcBin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	r.wall = time.Since(start)
	if r.exit, err = benchutil.ExitCode(err); err != nil {
		return r, err
	}
	if r.exit != 0 && r.exit != 4 {
		return r, fmt.Errorf("wxc check exited %d: %s", r.exit, tail(stderr.String()))
	}
	var sums []struct {
		Entities int `json:"entities"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &sums); err != nil || len(sums) == 0 {
		return r, fmt.Errorf("check output: %v", err)
	}
	r.entities = sums[0].Entities
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakRSSKB = ru.Maxrss
	}
	r.requests = counts.Requests.Load()
	r.floor = time.Duration(float64(r.requests) * float64(cfg.latency) / float64(cfg.concurrency))
	return r, nil
}

type report struct {
	cfg     config
	fileMB  float64
	offline []offlineResult
	engine  engineResult
	live    liveResult
}

func (rep report) markdown() string {
	var b strings.Builder
	cfg := rep.cfg
	fmt.Fprintf(&b, "Generated by `internal/bench/check`. Command:\n\n```\n%s\n```\n\n", strings.TrimSpace(cfg.commandLine))
	fmt.Fprintf(&b, "Date: %s. Machine: %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), benchutil.Machine())
	if len(rep.offline) > 0 {
		o := rep.offline[0]
		fmt.Fprintf(&b, "Offline, `wxc check --all --from FILE NUMBER... --summary -o FORMAT` (%d callers in %d locations, %d numbers, %.0f MB export):\n\n",
			o.callers, cfg.locations, o.numbers, rep.fileMB)
		b.WriteString("| -o | Decisions | Wall | CPU (user+sys) | Decisions / CPU second | Peak RSS | Exit |\n|---|---:|---:|---:|---:|---:|---:|\n")
		for _, o := range rep.offline {
			cpu := o.user + o.sys
			fmt.Fprintf(&b, "| %s | %d | %v | %v | %.2f million | %.1f MB | %d |\n", o.format, o.decisions(), o.wall.Round(10*time.Millisecond),
				cpu.Round(10*time.Millisecond), float64(o.decisions())/cpu.Seconds()/1e6, float64(o.peakRSSKB)/1024, o.exit)
		}
		b.WriteString("\n")
	}
	if e := rep.engine; e.decisions > 0 {
		fmt.Fprintf(&b, "Engine alone (this process, one goroutine, thread CPU time; Prepare per entity included, file reading not): %d entities × %d numbers = %d decisions in %v: %.2f million decisions per CPU second.\n\n",
			e.entities, cfg.numbers, e.decisions, e.cpu.Round(time.Millisecond), float64(e.decisions)/e.cpu.Seconds()/1e6)
	}
	if l := rep.live; l.requests > 0 {
		fmt.Fprintf(&b, "Live, `wxc check --all NUMBER... --summary -o json --concurrency %d` against the emulator (in the harness process, 127.0.0.1) with %d people and %v per request:\n\n",
			l.concurrency, l.people, cfg.latency)
		b.WriteString("| Entities | Numbers | Requests | Floor | Wall | Ratio | Peak RSS | Exit |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		fmt.Fprintf(&b, "| %d | %d | %d | %v | %v | %.3f | %.1f MB | %d |\n", l.entities, l.numbers, l.requests, l.floor.Round(10*time.Millisecond),
			l.wall.Round(10*time.Millisecond), l.wall.Seconds()/l.floor.Seconds(), float64(l.peakRSSKB)/1024, l.exit)
	}
	return b.String()
}
