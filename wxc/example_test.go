package wxc_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

// startEmulator runs an in-process emulator on 127.0.0.1 and returns an SDK client for it
// (full admin). Real programs use wxc.NewClient(token) against https://webexapis.com/v1.
func startEmulator() (*wxc.Client, func()) {
	srv, err := emulator.New(emulator.Options{Locations: 2, People: 3, Workspaces: 1, VirtualLines: 1})
	if err != nil {
		log.Fatal(err)
	}
	baseURL, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	client, err := wxc.NewClient(srv.Tokens().FullAdmin, wxc.WithBaseURL(baseURL))
	if err != nil {
		log.Fatal(err)
	}
	return client, func() { _ = srv.Close() }
}

// firstPerson returns the ID of the first calling-enabled person.
func firstPerson(ctx context.Context, client *wxc.Client) string {
	for p, err := range client.People.All(ctx, &wxc.PeopleListOptions{CallingData: true}) {
		if err != nil {
			log.Fatal(err)
		}
		return p.ID
	}
	log.Fatal("no people")
	return ""
}

func ExampleOutgoingPermissionsService_Configure() {
	client, stop := startEmulator()
	defer stop()
	ctx := context.Background()
	personID := firstPerson(ctx, client)
	perms := client.OutgoingPermissions(wxc.Person)

	// Read, change one call type, write back. Only the listed call types change.
	settings, err := perms.Read(ctx, personID)
	if err != nil {
		log.Fatal(err)
	}
	cp := wxc.NewCallingPermissions()
	cp.Set(wxc.CallTypeInternational, wxc.CallTypePermission{Action: wxc.ActionAuthCode, TransferEnabled: false})
	err = perms.Configure(ctx, personID, &wxc.OutgoingPermissions{
		UseCustomEnabled:     wxc.Bool(true),
		UseCustomPermissions: wxc.Bool(true),
		CallingPermissions:   cp,
	})
	if err != nil {
		log.Fatal(err)
	}
	after, err := perms.Read(ctx, personID)
	if err != nil {
		log.Fatal(err)
	}
	intl, _ := after.CallingPermissions.ForCallType(wxc.CallTypeInternational)
	national, _ := after.CallingPermissions.ForCallType(wxc.CallTypeNational)
	before, _ := settings.CallingPermissions.ForCallType(wxc.CallTypeNational)
	fmt.Println("INTERNATIONAL:", intl.Action)
	fmt.Println("NATIONAL unchanged:", national.Action == before.Action)
	// Output:
	// INTERNATIONAL: AUTH_CODE
	// NATIONAL unchanged: true
}

func ExampleTransferNumbersService_Configure() {
	client, stop := startEmulator()
	defer stop()
	ctx := context.Background()
	personID := firstPerson(ctx, client)
	tn := client.OutgoingPermissions(wxc.Person).TransferNumbers

	// Set number 1; numbers left nil keep their value, "" clears one.
	err := tn.Configure(ctx, personID, &wxc.AutoTransferNumbers{
		UseCustomTransferNumbers: wxc.Bool(true),
		AutoTransferNumber1:      wxc.String("+14085550101"),
		AutoTransferNumber2:      wxc.String(""),
	})
	if err != nil {
		log.Fatal(err)
	}
	got, err := tn.Read(ctx, personID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("number 1:", *got.AutoTransferNumber1)
	fmt.Println("number 2 set:", got.AutoTransferNumber2 != nil)
	// Output:
	// number 1: +14085550101
	// number 2 set: false
}

func ExampleDigitPatternsService_Create() {
	client, stop := startEmulator()
	defer stop()
	ctx := context.Background()
	personID := firstPerson(ctx, client)
	dp := client.OutgoingPermissions(wxc.Person).DigitPatterns

	id, err := dp.Create(ctx, personID, &wxc.DigitPattern{
		Name: "Block premium 900", Pattern: "+1900!", Action: wxc.ActionBlock, TransferEnabled: wxc.Bool(false),
	})
	if err != nil {
		log.Fatal(err)
	}
	p, err := dp.Details(ctx, personID, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, p.Pattern, p.Action)
	// Output:
	// Block premium 900 +1900! BLOCK
}

func ExampleAccessCodesService_Create() {
	client, stop := startEmulator()
	defer stop()
	ctx := context.Background()
	personID := firstPerson(ctx, client)
	ac := client.OutgoingPermissions(wxc.Person).AccessCodes

	if err := ac.Create(ctx, personID, "4856", "Marketing"); err != nil {
		log.Fatal(err)
	}
	codes, err := ac.Read(ctx, personID)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range codes.AccessCodes {
		if c.Code == "4856" {
			fmt.Println(c.Code, c.Description, c.Level)
		}
	}
	// Output:
	// 4856 Marketing CUSTOM
}

func ExampleLocationAccessCodesService_Create() {
	client, stop := startEmulator()
	defer stop()
	ctx := context.Background()
	var locationID string
	for loc, err := range client.Locations.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		locationID = loc.ID
		break
	}
	codes := []wxc.AuthCode{{Code: "7001", Description: "Front desk"}, {Code: "7002", Description: "Night shift"}}
	if err := client.LocationAccessCodes.Create(ctx, locationID, codes); err != nil {
		log.Fatal(err)
	}
	if err := client.LocationAccessCodes.DeleteCodes(ctx, locationID, []string{"7001"}); err != nil {
		log.Fatal(err)
	}
	got, err := client.LocationAccessCodes.Read(ctx, locationID)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range got {
		if c.Code == "7001" || c.Code == "7002" {
			fmt.Println(c.Code, c.Description)
		}
	}
	// Output:
	// 7002 Night shift
}

func ExampleAPIError() {
	client, stop := startEmulator()
	defer stop()
	ctx := context.Background()

	_, err := client.OutgoingPermissions(wxc.Workspace).Read(ctx, "no-such-workspace")
	var apiErr *wxc.APIError
	fmt.Println("not found:", errors.Is(err, wxc.ErrNotFound))
	fmt.Println("status:", errors.As(err, &apiErr) && apiErr.StatusCode == 404)
	// Output:
	// not found: true
	// status: true
}

func ExampleAccessCodesService_Read_location() {
	client, stop := startEmulator()
	defer stop()
	ctx := context.Background()
	var locationID string
	for loc, err := range client.Locations.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		locationID = loc.ID
		break
	}

	// The same service for every kind: for a location it uses the location access-code API.
	ac := client.OutgoingPermissions(wxc.Location).AccessCodes
	if err := ac.Create(ctx, locationID, "7003", "Lobby"); err != nil {
		log.Fatal(err)
	}
	codes, err := ac.Read(ctx, locationID)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range codes.AccessCodes {
		if c.Code == "7003" {
			fmt.Printf("%s %s level=%q\n", c.Code, c.Description, c.Level)
		}
	}
	fmt.Println("useCustomAccessCodes set:", codes.UseCustomAccessCodes != nil)
	// Output:
	// 7003 Lobby level=""
	// useCustomAccessCodes set: false
}

func ExamplePageError() {
	// An emulator that answers 30% of requests with a 5xx, and a client that does not retry,
	// so that failed pages reach the caller.
	srv, err := emulator.New(emulator.Options{People: 12, FaultRate: 0.3, FaultSeed: 4})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	baseURL, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	client, err := wxc.NewClient(srv.Tokens().FullAdmin, wxc.WithBaseURL(baseURL),
		wxc.WithRetryPolicy(wxc.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		log.Fatal(err)
	}

	// Ranging over the same iterator again resumes at the failed page.
	seen := map[string]int{}
	people := client.People.All(context.Background(), &wxc.PeopleListOptions{Max: 2})
	for try := 1; ; try++ {
		var err error
		for p, perr := range people {
			if err = perr; err != nil {
				break
			}
			seen[p.ID]++
		}
		var pageErr *wxc.PageError
		if err == nil {
			break
		}
		if !errors.As(err, &pageErr) || try == 20 {
			log.Fatal(err)
		}
	}
	twice := 0
	for _, n := range seen {
		if n > 1 {
			twice++
		}
	}
	fmt.Println(len(seen), "people,", twice, "seen twice")
	// Output:
	// 12 people, 0 seen twice
}
