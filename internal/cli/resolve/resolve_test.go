package resolve

import (
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func seq(es ...snapshot.Entity) iter.Seq2[snapshot.Entity, error] {
	return func(yield func(snapshot.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func TestPick(t *testing.T) {
	t.Parallel()
	a := snapshot.Entity{Kind: wxc.Person, ID: "ID-A", Name: "Pat Lee", Email: "pat.lee1@example.com", LocationName: "Dallas"}
	b := snapshot.Entity{Kind: wxc.Person, ID: "ID-B", Name: "pat lee", Email: "pat.lee2@example.com"}
	c := snapshot.Entity{Kind: wxc.Person, ID: "Pat Lee", Name: "Someone"} // an ID that looks like a name
	tests := []struct {
		name    string
		ref     string
		all     []snapshot.Entity
		wantID  string
		wantAmb int
		wantNF  bool
	}{
		{name: "by ID", ref: "ID-B", all: []snapshot.Entity{a, b}, wantID: "ID-B"},
		{name: "by email, case-insensitive", ref: "PAT.LEE1@example.com", all: []snapshot.Entity{a, b}, wantID: "ID-A"},
		{name: "ambiguous name", ref: "Pat Lee", all: []snapshot.Entity{a, b}, wantAmb: 2},
		{name: "exact ID beats names", ref: "Pat Lee", all: []snapshot.Entity{a, b, c}, wantID: "Pat Lee"},
		{name: "not found", ref: "Nobody", all: []snapshot.Entity{a, b}, wantNF: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := pick(wxc.Person, tt.ref, seq(tt.all...))
			var amb *AmbiguousError
			var nf *NotFoundError
			switch {
			case tt.wantAmb > 0:
				if !errors.As(err, &amb) || len(amb.Candidates) != tt.wantAmb {
					t.Fatalf("err = %v, want ambiguity with %d candidates", err, tt.wantAmb)
				}
				for _, c := range amb.Candidates {
					if !strings.Contains(err.Error(), c.ID) || !strings.Contains(err.Error(), c.Email) {
						t.Errorf("message does not list %s <%s>: %s", c.ID, c.Email, err)
					}
				}
			case tt.wantNF:
				if !errors.As(err, &nf) {
					t.Fatalf("err = %v, want not found", err)
				}
			default:
				if err != nil || got.ID != tt.wantID {
					t.Fatalf("pick = %q, %v; want %q", got.ID, err, tt.wantID)
				}
			}
		})
	}
}

func TestPickListError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	_, err := pick(wxc.Location, "x", func(yield func(snapshot.Entity, error) bool) { yield(snapshot.Entity{}, boom) })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

func TestAmbiguousErrorListsCandidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *AmbiguousError
		want string
	}{
		{
			name: "people: email column, location name else ID",
			err: &AmbiguousError{Kind: wxc.Person, Ref: "Pat Lee", Candidates: []snapshot.Entity{
				{Kind: wxc.Person, ID: "ID-A", Name: "Pat Lee", Email: "pat.lee1@example.com", LocationID: "LOC-1", LocationName: "Dallas"},
				{Kind: wxc.Person, ID: "ID-B", Name: "pat lee", Email: "pat.lee2@example.com", LocationID: "LOC-2"},
				{Kind: wxc.Person, ID: "ID-C", Name: "PAT LEE"},
			}},
			want: `"Pat Lee" matches 3 people; name one by ID or email:
  KIND    NAME     EMAIL                 LOCATION  ID
  person  Pat Lee  pat.lee1@example.com  Dallas    ID-A
  person  pat lee  pat.lee2@example.com  LOC-2     ID-B
  person  PAT LEE  -                     -         ID-C`,
		},
		{
			name: "virtual lines: no email column",
			err: &AmbiguousError{Kind: wxc.VirtualLine, Ref: "Hotline", Candidates: []snapshot.Entity{
				{Kind: wxc.VirtualLine, ID: "VL-1", Name: "Hotline", LocationID: "LOC-1", LocationName: "Dallas"},
				{Kind: wxc.VirtualLine, ID: "VL-2", Name: "Hotline", LocationID: "LOC-2", LocationName: "San Jose"},
			}},
			want: `"Hotline" matches 2 virtual lines; name one by ID:
  KIND          NAME     LOCATION  ID
  virtual-line  Hotline  Dallas    VL-1
  virtual-line  Hotline  San Jose  VL-2`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
