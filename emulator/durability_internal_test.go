package emulator

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const childEnv = "GO_WXC_EMULATOR_KILL9_CHILD"

// TestUnitKill9Durability starts a child process that writes through the
// emulator to a bbolt state file and prints every write answered 201. The
// parent kills it with SIGKILL mid-stream and checks that every acknowledged
// write is in the reopened file.
func TestUnitKill9Durability(t *testing.T) {
	if path := os.Getenv(childEnv); path != "" {
		kill9Child(path)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "state.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestUnitKill9Durability$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]string{} // pattern ID -> person ID
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	timeout := time.NewTimer(60 * time.Second)
	defer timeout.Stop()
read:
	for len(acked) < 300 {
		select {
		case l, ok := <-lines:
			if !ok {
				break read
			}
			if person, id, ok := strings.Cut(l, " "); ok {
				acked[id] = person
			}
		case <-timeout.C:
			break read
		}
	}
	_ = cmd.Process.Kill() // SIGKILL: no deferred Close, no flush
	_ = cmd.Wait()
	for range lines { // acknowledgements already in the pipe count too
	}
	if len(acked) < 50 {
		t.Fatalf("child acknowledged only %d writes", len(acked))
	}
	s, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	missing := 0
	for id, person := range acked {
		p := s.dir.primary.personByID[person]
		rec, err := s.load(t.Context(), &p.ent)
		if err != nil {
			t.Fatal(err)
		}
		if findPattern(rec, id) < 0 {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged writes lost after kill -9", missing, len(acked))
	}
	t.Logf("%d acknowledged writes survived kill -9", len(acked))
}

// kill9Child writes until killed; it prints "<personID> <patternID>" after each 201.
func kill9Child(path string) {
	s, err := New(Options{StatePath: path})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var mu sync.Mutex
	w := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := s.dir.primary.people[g]
			for i := range 400 {
				req := httptest.NewRequest("POST", "/v1/telephony/config/people/"+p.id+"/outgoingPermission/digitPatterns",
					strings.NewReader(fmt.Sprintf(`{"name":"n%d","pattern":"9%03d","action":"BLOCK","transferEnabled":false}`, i, i)))
				req.Header.Set("Authorization", "Bearer "+s.Tokens().FullAdmin)
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusCreated {
					fmt.Fprintln(os.Stderr, "child:", rec.Code, rec.Body.String())
					os.Exit(3)
				}
				id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(rec.Body.String()), `{"id":"`), `"}`)
				mu.Lock()
				fmt.Fprintf(w, "%s %s\n", p.id, id)
				w.Flush()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	time.Sleep(time.Hour) // wait to be killed
}
