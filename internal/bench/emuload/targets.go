package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
)

// target is one server under load.
type target struct {
	name     string
	baseURL  string // ends in /v1
	token    string
	personID string
	srv      *emulator.Server // nil for bare
	close    func()
}

func (t *target) url() string {
	return t.baseURL + "/people/" + t.personID + "/features/outgoingPermission"
}

func startEmulator(o emulator.Options) (*target, error) {
	srv, err := emulator.New(o)
	if err != nil {
		return nil, err
	}
	baseURL, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		srv.Close()
		return nil, err
	}
	name := "memory"
	if o.StatePath != "" {
		name = "bbolt"
	}
	t := &target{name: name, baseURL: baseURL, token: srv.Tokens().FullAdmin, srv: srv, close: sync.OnceFunc(func() { srv.Close() })}
	hc := &http.Client{Timeout: 10 * time.Second}
	status, body, err := call(context.Background(), hc, t.token, http.MethodGet, baseURL+"/people?callingData=true&max=10", nil)
	if err != nil || status != http.StatusOK {
		srv.Close()
		return nil, fmt.Errorf("list people: %d %v %s", status, err, body)
	}
	var l struct {
		Items []struct {
			ID         string `json:"id"`
			LocationID string `json:"locationId"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &l); err != nil {
		srv.Close()
		return nil, fmt.Errorf("list people: %w", err)
	}
	for _, it := range l.Items {
		if it.LocationID != "" {
			t.personID = it.ID
			break
		}
	}
	if t.personID == "" {
		srv.Close()
		return nil, errors.New("no calling person in the default data")
	}
	return t, nil
}

// startBare serves the emulator's person GET bytes from a bare handler.
func startBare(from *target) (*target, error) {
	hc := &http.Client{Timeout: 10 * time.Second}
	status, body, err := call(context.Background(), hc, from.token, http.MethodGet, from.url(), nil)
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("GET person permissions: %d %v", status, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/people/{id}/features/outgoingPermission", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	mux.HandleFunc("PUT /v1/people/{id}/features/outgoingPermission", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	})
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return &target{
		name: "bare", baseURL: "http://" + ln.Addr().String() + "/v1", token: "x", personID: from.personID,
		close: sync.OnceFunc(func() { hs.Close() }),
	}, nil
}
