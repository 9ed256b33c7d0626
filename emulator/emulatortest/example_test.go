package emulatortest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/wxc"
)

// exampleTB stands in for the *testing.T a real test passes to emulatortest.New.
type exampleTB struct {
	testing.TB
	cleanups []func()
}

func (e *exampleTB) Helper()                        {}
func (e *exampleTB) Cleanup(f func())               { e.cleanups = append(e.cleanups, f) }
func (e *exampleTB) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (e *exampleTB) Errorf(format string, a ...any) { fmt.Printf(format+"\n", a...) }
func (e *exampleTB) close() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
}

// In a test, pass t: emu := emulatortest.New(t). The emulator is closed when the test ends.
func ExampleNew() {
	t := &exampleTB{}
	defer t.close()
	ctx := context.Background()

	emu := emulatortest.New(t, func(o *emulator.Options) { o.People = 3 })

	// Find a calling person and block national calls for them.
	var personID string
	for p, err := range emu.Client.People.All(ctx, &wxc.PeopleListOptions{CallingData: true}) {
		if err != nil {
			panic(err)
		}
		personID = p.ID
		break
	}
	perms := emu.Client.OutgoingPermissions(wxc.Person)
	err := perms.Configure(ctx, personID, &wxc.OutgoingPermissions{
		UseCustomEnabled:     wxc.Bool(true),
		UseCustomPermissions: wxc.Bool(true),
		CallingPermissions: func() *wxc.CallingPermissions {
			cp := wxc.NewCallingPermissions()
			cp.Set(wxc.CallTypeNational, wxc.CallTypePermission{Action: wxc.ActionBlock})
			return cp
		}(),
	})
	if err != nil {
		panic(err)
	}
	got, err := perms.Read(ctx, personID)
	if err != nil {
		panic(err)
	}
	national, _ := got.CallingPermissions.ForCallType(wxc.CallTypeNational)
	fmt.Println("NATIONAL:", national.Action)

	// A read-only admin may read but not write.
	ro := emu.ClientFor(emu.Tokens.ReadOnlyAdmin)
	err = ro.OutgoingPermissions(wxc.Person).Configure(ctx, personID, got)
	fmt.Println("read-only write forbidden:", errors.Is(err, wxc.ErrForbidden))
	// Output:
	// NATIONAL: BLOCK
	// read-only write forbidden: true
}
