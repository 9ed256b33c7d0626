package callcheck_test

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/wxc"
)

// benchNumbers are 100 dialled strings of every kind from the US.
func benchNumbers() []string {
	base := []string{"911", "411", "0", "311", "2145550100", "+14165550100", "+18765550100", "011442079460000",
		"+442079460000", "+449091234567", "18005551234", "19005551234", "2149765555", "+17005551234",
		"+882161234567", "5551234", "1234", "+33123456789", "+61212345678", "+919876543210"}
	var out []string
	for i := 0; len(out) < 100; i++ {
		out = append(out, base[i%len(base)])
		if len(out) < 100 {
			out = append(out, fmt.Sprintf("+1214555%04d", i))
		}
	}
	return out[:100]
}

// benchSubject is a person with custom call types and 20 own digit patterns, at a location with
// 20 patterns of its own (LayeredPatterns on, so both sets are walked on a miss).
func benchSubject() *callcheck.Subject {
	var own, loc []wxc.DigitPattern
	for i := range 20 {
		own = append(own, wxc.DigitPattern{Name: fmt.Sprintf("own %d", i), Pattern: fmt.Sprintf("+1%03dXXXXXXX", 600+i), Action: wxc.ActionBlock})
		loc = append(loc, wxc.DigitPattern{Name: fmt.Sprintf("loc %d", i), Pattern: fmt.Sprintf("+%d!", 30+i), Action: wxc.ActionAuthCode})
	}
	l := dallas()
	l.DigitPatterns = &wxc.DigitPatterns{DigitPatterns: loc}
	return &callcheck.Subject{Kind: wxc.Person, Name: "Bench", Country: "US", LocationName: "Dallas", Location: &l,
		Own: callcheck.Settings{
			Outgoing:      customOutgoing(ptr(true), ptr(true)),
			DigitPatterns: &wxc.DigitPatterns{UseCustomDigitPatterns: ptr(true), DigitPatterns: own},
			AccessCodes:   codes(3),
		}}
}

// BenchmarkDecide is the compiled fast path: a Prepared entity, numbers classified once (the
// engine's cache), 100 different numbers in turn.
func BenchmarkDecide(b *testing.B) {
	eng, _ := callcheck.New(callcheck.Options{LayeredPatterns: true})
	p, err := eng.Prepare(benchSubject())
	if err != nil {
		b.Fatal(err)
	}
	nums := benchNumbers()
	for _, n := range nums {
		if _, err := p.Decide(n); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		if _, err := p.Decide(nums[i%len(nums)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportCPU(b, cpu0)
}

// BenchmarkDecideClassified: one number for many entities (check --all): classify once, then
// DecideClassified per entity.
func BenchmarkDecideClassified(b *testing.B) {
	eng, _ := callcheck.New(callcheck.Options{LayeredPatterns: true})
	p, _ := eng.Prepare(benchSubject())
	var cs []callcheck.Classification
	for _, n := range benchNumbers() {
		c, err := eng.Classify("US", n)
		if err != nil {
			b.Fatal(err)
		}
		cs = append(cs, c)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		_ = p.DecideClassified(cs[i%len(cs)])
		i++
	}
	reportCPU(b, cpu0)
}

// BenchmarkEngineDecide is the convenience path: Prepare on every call (patterns compiled once
// and shared through the engine's matcher cache).
func BenchmarkEngineDecide(b *testing.B) {
	eng, _ := callcheck.New(callcheck.Options{LayeredPatterns: true})
	s := benchSubject()
	nums := benchNumbers()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := eng.Decide(s, nums[i%len(nums)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkClassifyUncached is libphonenumber's share: every number new to the engine.
func BenchmarkClassifyUncached(b *testing.B) {
	eng, _ := callcheck.New(callcheck.Options{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := eng.Classify("US", fmt.Sprintf("+1214%07d", i%10000000)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPrepare: resolving one entity (its location's patterns already compiled).
func BenchmarkPrepare(b *testing.B) {
	eng, _ := callcheck.New(callcheck.Options{LayeredPatterns: true})
	s := benchSubject()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eng.Prepare(s); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime is the process's user+system CPU time. The benchmarks report decisions per CPU
// second besides ns/op (wall time), because the machine they are recorded on is shared: wall
// time there includes waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
	if d := cpuTime() - cpu0; d > 0 {
		b.ReportMetric(float64(b.N)/d.Seconds(), "decisions/cpu-s")
	}
}
