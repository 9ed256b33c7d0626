package callcheck_test

import (
	"fmt"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/wxc"
)

func Example() {
	eng, err := callcheck.New(callcheck.Options{})
	if err != nil {
		panic(err)
	}
	block := true
	dallas := callcheck.Settings{
		Outgoing: &wxc.OutgoingPermissions{CallingPermissions: wxc.DefaultCallingPermissions()},
		DigitPatterns: &wxc.DigitPatterns{DigitPatterns: []wxc.DigitPattern{
			{Name: "Premium 900", Pattern: "+1900!", Action: wxc.ActionBlock, TransferEnabled: &block},
		}},
	}
	off := false
	alice := &callcheck.Subject{
		Kind: wxc.Person, Name: "Alice Smith", Country: "US",
		Own:      callcheck.Settings{Outgoing: &wxc.OutgoingPermissions{UseCustomEnabled: &off, UseCustomPermissions: &off}},
		Location: &dallas, LocationName: "Dallas",
	}
	p, err := eng.Prepare(alice)
	if err != nil {
		panic(err)
	}
	for _, n := range []string{"1-900-555-0123", "+44 20 7946 0000", "(214) 555-0100", "911"} {
		d, err := p.Decide(n)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-17s %s\n", n, d.Explain())
	}
	// Output:
	// 1-900-555-0123    BLOCK by digit pattern 'Premium 900' (location Dallas)
	// +44 20 7946 0000  BLOCK: INTERNATIONAL blocked (location Dallas)
	// (214) 555-0100    ALLOW: NATIONAL allowed (location Dallas)
	// 911               ALLOW: emergency call, never blocked (US 911 (emergency) -> EMERGENCY)
}

func ExampleEngine_Classify() {
	eng, _ := callcheck.New(callcheck.Options{})
	for _, n := range []string{"0909 123 4567", "00 1 214 555 0100", "118 500"} {
		c, _ := eng.Classify("GB", n)
		fmt.Printf("%s: %s (%s)\n", n, c.CallType, c.Rule)
	}
	// Output:
	// 0909 123 4567: PREMIUM_SERVICES_II (GB +44909! (0909 sexual entertainment services (highest tier)) -> PREMIUM_SERVICES_II [assumed])
	// 00 1 214 555 0100: INTERNATIONAL (GB: destination US is outside GB's national numbering -> INTERNATIONAL)
	// 118 500: CHARGEABLE_DIRECTORY_ASSISTED (GB 118XXX (118 directory enquiries) -> CHARGEABLE_DIRECTORY_ASSISTED)
}
