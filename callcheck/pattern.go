package callcheck

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/wxc"
)

// MaxDialledLen bounds what Match looks at; longer strings never match.
const MaxDialledLen = 64

// Matcher is a compiled set of digit patterns: a trie over the pattern characters, walked once
// per dialled string. It is immutable and safe for concurrent use.
//
// The syntax is Webex's (the OpenAPI examples; wxc.CheckDigitPattern):
//
//	[+] { 0-9 | X | * | # } [!]
//
// A digit, '*' or '#' matches itself; X matches any one digit; a trailing '!' matches one or
// more further digits; a leading '+' matches a leading '+' (so "+44909!" matches the E.164 form
// "+449091234567" but not "00449091234567"). A pattern without '!' matches strings of exactly its
// length. Patterns are checked with the SDK's rule (wxc.CheckDigitPattern): at most
// wxc.MaxDigitPatternLength bytes, upper-case X only.
//
// When several patterns of one set match, the most specific wins:
//
//  1. more literal characters (digits, '*', '#', '+');
//  2. then a pattern without '!' over one with '!';
//  3. then fewer X;
//  4. then the longer literal prefix (characters before the first X or '!');
//  5. then the name, then the pattern text (byte order), then the earlier position in the set.
//
// The order is total, so the result never depends on map or goroutine order.
type Matcher struct {
	patterns []wxc.DigitPattern // in rank order: index 0 is the most specific
	nodes    []node
	first    byteSet // what a matching string can start with: others are not walked
}

type node struct {
	edges []edge // sorted by c; c is a digit, '*', '#', '+' or 'X'
	end   int32  // best (lowest) rank of a pattern ending here, -1 for none
	bang  int32  // best rank of a pattern ending here with '!', -1 for none
}

type edge struct {
	c     byte
	child int32
}

// patternKey is what the rank order compares.
type patternKey struct {
	literals, xs, prefix int
	bang                 bool
}

func keyOf(p string) patternKey {
	var k patternKey
	prefixDone := false
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case 'X':
			k.xs++
			prefixDone = true
		case '!':
			k.bang = true
			prefixDone = true
		default:
			k.literals++
			if !prefixDone {
				k.prefix++
			}
		}
	}
	return k
}

// compareRank orders a before b when a is more specific (see the package rule above).
func compareRank(a, b patternKey) int {
	if c := cmp.Compare(b.literals, a.literals); c != 0 {
		return c
	}
	if a.bang != b.bang {
		if !a.bang {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.xs, b.xs); c != 0 {
		return c
	}
	return cmp.Compare(b.prefix, a.prefix)
}

// CheckPattern returns nil when p is a digit pattern in the syntax above (the SDK's rule,
// wxc.CheckDigitPattern, so a pattern Webex would refuse is refused here too), else an error
// wrapping ErrInvalidPattern that says what is wrong.
func CheckPattern(p string) error {
	if err := wxc.CheckDigitPattern(p); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidPattern, err)
	}
	return nil
}

// CompilePatterns compiles a set of digit patterns into one Matcher. An invalid pattern gives
// an error wrapping ErrInvalidPattern that names it. An empty set compiles to a Matcher that
// matches nothing. The patterns are copied.
func CompilePatterns(ps []wxc.DigitPattern) (*Matcher, error) {
	type ranked struct {
		p   wxc.DigitPattern
		k   patternKey
		pos int
	}
	rs := make([]ranked, len(ps))
	for i, p := range ps {
		if err := CheckPattern(p.Pattern); err != nil {
			if p.Name != "" {
				return nil, fmt.Errorf("digit pattern %q: %w", p.Name, err)
			}
			return nil, err
		}
		rs[i] = ranked{p: p, k: keyOf(p.Pattern), pos: i}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		if c := compareRank(a.k, b.k); c != 0 {
			return c
		}
		if c := strings.Compare(a.p.Name, b.p.Name); c != 0 {
			return c
		}
		if c := strings.Compare(a.p.Pattern, b.p.Pattern); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	m := &Matcher{patterns: make([]wxc.DigitPattern, len(rs)), nodes: []node{{end: -1, bang: -1}}}
	for rank, r := range rs {
		m.patterns[rank] = r.p
		m.insert(r.p.Pattern, int32(rank))
	}
	// The characters a matching string can start with: the root's edges (X: any digit),
	// any digit when a pattern is just "!".
	root := &m.nodes[0]
	for _, e := range root.edges {
		if e.c == 'X' {
			m.first.addDigits()
		} else {
			m.first.add(e.c)
		}
	}
	if root.bang >= 0 {
		m.first.addDigits()
	}
	return m, nil
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (b *byteSet) add(c byte)      { b[c>>6] |= 1 << (c & 63) }
func (b *byteSet) has(c byte) bool { return b[c>>6]&(1<<(c&63)) != 0 }
func (b *byteSet) addDigits() {
	for c := byte('0'); c <= '9'; c++ {
		b.add(c)
	}
}

func (m *Matcher) insert(p string, rank int32) {
	cur := int32(0)
	bang := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '!' {
			bang = true
			break
		}
		cur = m.child(cur, c)
	}
	n := &m.nodes[cur]
	if bang {
		if n.bang < 0 || rank < n.bang {
			n.bang = rank
		}
		return
	}
	if n.end < 0 || rank < n.end {
		n.end = rank
	}
}

// child returns the child of n for c, adding it when missing.
func (m *Matcher) child(n int32, c byte) int32 {
	es := m.nodes[n].edges
	i, found := slices.BinarySearchFunc(es, c, func(e edge, c byte) int { return cmp.Compare(e.c, c) })
	if found {
		return es[i].child
	}
	id := int32(len(m.nodes))
	m.nodes = append(m.nodes, node{end: -1, bang: -1})
	m.nodes[n].edges = slices.Insert(m.nodes[n].edges, i, edge{c: c, child: id})
	return id
}

// Len returns the number of patterns in the set.
func (m *Matcher) Len() int {
	if m == nil {
		return 0
	}
	return len(m.patterns)
}

// Match returns the most specific pattern that matches dialled, and whether one did. dialled is
// compared as given (no formatting is removed): digits, '*', '#' and a leading '+'. A nil
// Matcher matches nothing, and neither does a dialled string longer than MaxDialledLen (no
// number is that long; the bound keeps the walk's cost fixed).
func (m *Matcher) Match(dialled string) (wxc.DigitPattern, bool) {
	r := m.best(dialled)
	if r < 0 {
		return wxc.DigitPattern{}, false
	}
	return m.patterns[r], true
}

// MatchAny returns the most specific pattern that matches any of the candidate strings (for
// example the digits as dialled and their E.164 form), and whether one did.
func (m *Matcher) MatchAny(candidates ...string) (wxc.DigitPattern, bool) {
	r := m.bestAny(candidates...)
	if r < 0 {
		return wxc.DigitPattern{}, false
	}
	return m.patterns[r], true
}

// best returns the rank of the most specific pattern matching s, or -1.
func (m *Matcher) best(s string) int32 {
	if m == nil || len(m.nodes) == 0 || s == "" || len(s) > MaxDialledLen || !m.first.has(s[0]) {
		return -1
	}
	return m.walk(0, s, 0)
}

// walk explores the exact-character edge and the X edge at each position. The depth is bounded
// by len(s) <= MaxDialledLen and each step has at most two branches that both consume a
// character, so the work is bounded by the trie's size times len(s). It follows one branch in
// a loop and recurses only where both match.
func (m *Matcher) walk(n int32, s string, i int) int32 {
	best := int32(-1)
	for {
		nd := &m.nodes[n]
		if i == len(s) {
			if nd.end >= 0 && (best < 0 || nd.end < best) {
				best = nd.end
			}
			return best
		}
		if nd.bang >= 0 && (best < 0 || nd.bang < best) && allDigits(s[i:]) {
			best = nd.bang
		}
		c := s[i]
		digit := c >= '0' && c <= '9'
		exact, x := int32(-1), int32(-1)
		for _, e := range nd.edges {
			if e.c == c {
				exact = e.child
			} else if digit && e.c == 'X' {
				x = e.child
			}
		}
		switch {
		case exact >= 0 && x >= 0:
			if r := m.walk(x, s, i+1); r >= 0 && (best < 0 || r < best) {
				best = r
			}
			n = exact
		case exact >= 0:
			n = exact
		case x >= 0:
			n = x
		default:
			return best
		}
		i++
	}
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// best3 is bestAny of the three candidates of a classification (dialled, E.164, national),
// unrolled: on the bulk path (DecideClassified) it measured about 15% faster per decision
// than the variadic bestAny (BenchmarkDecideClassified).
func (m *Matcher) best3(a, b, c string) int32 {
	best := int32(-1)
	if a != "" {
		best = m.best(a)
	}
	if b != "" && b != a {
		if r := m.best(b); r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	if c != "" && c != a && c != b {
		if r := m.best(c); r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	return best
}

// SampleNumber returns a dialled string that pattern (Webex digit-pattern syntax) matches:
// each X becomes 5 and a trailing ! becomes "5555". Tools use it to check a pattern-shaped
// policy entry ("+88216!") with Decide. An invalid pattern gives an error wrapping
// ErrInvalidPattern.
func SampleNumber(pattern string) (string, error) {
	if err := CheckPattern(pattern); err != nil {
		return "", err
	}
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case 'X':
			b.WriteByte('5')
		case '!':
			b.WriteString("5555")
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// bestAny returns the rank of the most specific pattern matching any non-empty candidate, or -1.
func (m *Matcher) bestAny(cands ...string) int32 {
	best := int32(-1)
	for i, c := range cands {
		if c == "" || slices.Contains(cands[:i], c) {
			continue
		}
		if r := m.best(c); r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	return best
}
