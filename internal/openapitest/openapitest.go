// Package openapitest checks HTTP requests and responses against the project's copy of the
// official Webex OpenAPI document (testdata/openapi/outgoing-permissions.openapi.yaml), for
// contract tests of the SDK and the emulator. It wraps kin-openapi's openapi3filter. The
// package functions use that document; Load gives the same checks for another one, such as
// the discovery document (DiscoverySpecPath: calling locations, numbers, people/me,
// licenses).
//
// The document is found by walking up from the working directory to the directory that
// holds go.mod, loaded once and shared (callers must not modify it). Its server URL is
// https://webexapis.com/v1: a request matches when its path contains the base path /v1 (a
// test server mounted under /v1, or under /prefix/v1, works), whatever its scheme and host.
//
// One known defect of the document is corrected on load: the location access-codes GET
// response and POST request declare "accessCodes" as an object, while the document's own
// examples, wxc_sdk and the service use an array (spec §1.4). Both schemas are changed to
// an array of the declared item.
package openapitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// SpecPath is the document's path relative to the module root.
const SpecPath = "testdata/openapi/outgoing-permissions.openapi.yaml"

// DiscoverySpecPath is the discovery document (calling locations, numbers, people/me,
// licenses), relative to the module root. Use it with Load.
const DiscoverySpecPath = "testdata/openapi/discovery.openapi.yaml"

// routingHost is the scheme and host requests are rewritten to before routing, so that any
// test server matches the document's server URL.
const routingHost = "https://webexapis.com"

type contract struct {
	doc      *openapi3.T
	router   routers.Router
	basePath string // "/v1"
}

var load = sync.OnceValues(func() (*contract, error) { return loadSpec(SpecPath) })

var (
	loadedMu sync.Mutex
	loaded   = map[string]*contract{}
)

// loadSpec loads (once) the document at specPath, relative to the module root.
func loadSpec(specPath string) (*contract, error) {
	loadedMu.Lock()
	defer loadedMu.Unlock()
	if c := loaded[specPath]; c != nil {
		return c, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	c, err := loadFile(filepath.Join(root, specPath))
	if err != nil {
		return nil, err
	}
	loaded[specPath] = c
	return c, nil
}

// moduleRoot walks up from the working directory to the directory holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("openapitest: no go.mod found above the working directory")
		}
		dir = parent
	}
}

func loadFile(path string) (*contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("openapitest: load %s: %w", path, err)
	}
	if doc.Components != nil && doc.Components.Schemas["GetLocationAccessCodeObject"] != nil {
		if err := patchLocationAccessCodes(doc); err != nil {
			return nil, fmt.Errorf("openapitest: %s: %w", path, err)
		}
	}
	// The document's examples are not all valid against its schemas; they are not what is
	// tested here.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("openapitest: validate %s: %w", path, err)
	}
	if len(doc.Servers) != 1 {
		return nil, fmt.Errorf("openapitest: %s: want exactly one server, have %d", path, len(doc.Servers))
	}
	su, err := url.Parse(doc.Servers[0].URL)
	if err != nil {
		return nil, fmt.Errorf("openapitest: server URL: %w", err)
	}
	base := strings.TrimRight(su.Path, "/")
	doc.Servers = openapi3.Servers{{URL: routingHost + base}}
	r, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation())
	if err != nil {
		return nil, fmt.Errorf("openapitest: router: %w", err)
	}
	return &contract{doc: doc, router: r, basePath: base}, nil
}

// patchLocationAccessCodes turns the object-typed accessCodes of the location access-code
// schemas into arrays (see the package doc).
func patchLocationAccessCodes(doc *openapi3.T) error {
	for _, name := range []string{"GetLocationAccessCodeObject", "PostLocationAccessCodeObject"} {
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil || ref.Value.Properties["accessCodes"] == nil {
			return fmt.Errorf("schema %s.accessCodes not found", name)
		}
		item := ref.Value.Properties["accessCodes"]
		if item.Value != nil && item.Value.Type.Is("array") {
			continue
		}
		ref.Value.Properties["accessCodes"] = &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: item}}
	}
	return nil
}

// Document returns the loaded (and corrected) document. Do not modify it.
func Document() (*openapi3.T, error) {
	c, err := load()
	if err != nil {
		return nil, err
	}
	return c.doc, nil
}

// BasePath returns the path of the document's server URL ("/v1").
func BasePath() (string, error) {
	c, err := load()
	if err != nil {
		return "", err
	}
	return c.basePath, nil
}

// Operation is one method and path template of the document, the path relative to the
// server URL (for example GET /people/{personId}).
type Operation struct {
	Method string
	Path   string
}

func (o Operation) String() string { return o.Method + " " + o.Path }

// Operations returns every operation of the document, sorted by path, then method.
func Operations() ([]Operation, error) {
	c, err := load()
	if err != nil {
		return nil, err
	}
	return c.operations(), nil
}

func (c *contract) operations() []Operation {
	var ops []Operation
	for path, item := range c.doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, Operation{Method: strings.ToUpper(method), Path: path})
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	return ops
}

// HasOperation reports whether the document has method on the path template (relative to
// the server URL, e.g. "/people/{personId}/features/outgoingPermission"). Template parameter
// names must match the document's.
func HasOperation(method, pathTemplate string) (bool, error) {
	c, err := load()
	if err != nil {
		return false, err
	}
	item := c.doc.Paths.Value(pathTemplate)
	return item != nil && item.GetOperation(strings.ToUpper(method)) != nil, nil
}

// Option changes what CheckRequest accepts.
type Option func(*options)

type options struct {
	allowQuery []string
}

// AllowQuery accepts the named query parameters even though the operation does not declare
// them (the default reports every undeclared query parameter).
func AllowQuery(names ...string) Option {
	return func(o *options) { o.allowQuery = append(o.allowQuery, names...) }
}

// routeRequest returns a copy of req addressed to the document's server, with body as its
// body, and the matching route.
func (c *contract) routeRequest(req *http.Request, body []byte) (*http.Request, *routers.Route, map[string]string, error) {
	if req == nil || req.URL == nil {
		return nil, nil, nil, errors.New("nil request")
	}
	p := req.URL.Path
	i := strings.Index(p+"/", c.basePath+"/")
	if i < 0 {
		return nil, nil, nil, fmt.Errorf("%s %s: path is not under the base path %s", req.Method, p, c.basePath)
	}
	r := req.Clone(context.Background())
	u := *req.URL
	ru, _ := url.Parse(routingHost)
	u.Scheme, u.Host, u.Path, u.RawPath = ru.Scheme, ru.Host, p[i:], ""
	r.URL = &u
	r.Host = ru.Host
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	route, params, err := c.router.FindRoute(r)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s %s: no such operation in the OpenAPI document: %w", req.Method, p[i:], err)
	}
	return r, route, params, nil
}

// CheckRequest returns an error describing every way req (with body as its body; req.Body
// is not read) does not match the document: unknown operation, path or query parameters,
// request body and headers per the operation's schemas, and query parameters the operation
// does not declare (see AllowQuery).
func CheckRequest(req *http.Request, body []byte, opts ...Option) error {
	c, err := load()
	if err != nil {
		return err
	}
	return c.checkRequest(req, body, opts...)
}

func (c *contract) checkRequest(req *http.Request, body []byte, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	r, route, params, err := c.routeRequest(req, body)
	if err != nil {
		return err
	}
	var errs []error
	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		errs = append(errs, err)
	}
	declared := map[string]bool{}
	for _, ps := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				declared[p.Value.Name] = true
			}
		}
	}
	var undeclared []string
	for name := range r.URL.Query() {
		if !declared[name] && !slices.Contains(o.allowQuery, name) {
			undeclared = append(undeclared, name)
		}
	}
	if len(undeclared) > 0 {
		slices.Sort(undeclared)
		errs = append(errs, fmt.Errorf("query parameters not declared by %s %s: %s", route.Method, route.Path, strings.Join(undeclared, ", ")))
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s %s: %w", req.Method, route.Path, errors.Join(errs...))
	}
	return nil
}

// CheckResponse returns an error describing every way an answer (status, header, body) to
// req does not match the operation req routes to, including an undeclared status.
func CheckResponse(req *http.Request, status int, header http.Header, body []byte) error {
	c, err := load()
	if err != nil {
		return err
	}
	return c.checkResponse(req, status, header, body)
}

func (c *contract) checkResponse(req *http.Request, status int, header http.Header, body []byte) error {
	r, route, params, err := c.routeRequest(req, nil)
	if err != nil {
		return err
	}
	if header == nil {
		header = http.Header{}
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("%s %s -> %d: %w", req.Method, route.Path, status, err)
	}
	return nil
}

// ValidateRequest reports (t.Errorf) every way req with body does not match the document;
// see CheckRequest.
func ValidateRequest(t testing.TB, req *http.Request, body []byte, opts ...Option) {
	t.Helper()
	if err := CheckRequest(req, body, opts...); err != nil {
		t.Errorf("request does not match the OpenAPI document:\n%v\nbody: %s", err, truncate(body, 600))
	}
}

// ValidateResponse reports (t.Errorf) every way the answer to req does not match the
// document; see CheckResponse.
func ValidateResponse(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if err := CheckResponse(req, status, header, body); err != nil {
		t.Errorf("response does not match the OpenAPI document:\n%v\nbody: %s", err, truncate(body, 600))
	}
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
