package emulator

import "net/http"

// Era names accepted in Options.APIEra.
const (
	EraCurrent = "current"
	Era2024    = "2024"
)

const defaultMaxAccessCodes = 100

type org struct{ id string }
type directory struct{ primary *org }
type control struct{}

func newControl(Options) *control { return &control{} }

func buildDirectory(Options) (*directory, Tokens, error) {
	return &directory{primary: &org{id: "org"}}, Tokens{FullAdmin: "emu-full-admin"}, nil
}

func (s *Server) buildHandler() http.Handler { return http.NotFoundHandler() }
