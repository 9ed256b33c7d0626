package openapitest

import (
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// Contract is one loaded document other than the default one (see Load); its methods are
// the package functions of the same names.
type Contract struct{ c *contract }

// Load returns the document at specPath (relative to the module root, for example
// DiscoverySpecPath), loaded once and shared.
func Load(specPath string) (*Contract, error) {
	c, err := loadSpec(specPath)
	if err != nil {
		return nil, err
	}
	return &Contract{c}, nil
}

// Document returns the loaded document. Do not modify it.
func (k *Contract) Document() *openapi3.T { return k.c.doc }

// Operations returns every operation of the document, sorted by path, then method.
func (k *Contract) Operations() []Operation { return k.c.operations() }

// CheckRequest is the package's CheckRequest against this document.
func (k *Contract) CheckRequest(req *http.Request, body []byte, opts ...Option) error {
	return k.c.checkRequest(req, body, opts...)
}

// CheckResponse is the package's CheckResponse against this document.
func (k *Contract) CheckResponse(req *http.Request, status int, header http.Header, body []byte) error {
	return k.c.checkResponse(req, status, header, body)
}

// ValidateResponse is the package's ValidateResponse against this document.
func (k *Contract) ValidateResponse(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if err := k.CheckResponse(req, status, header, body); err != nil {
		t.Errorf("response does not match the OpenAPI document:\n%v\nbody: %s", err, truncate(body, 600))
	}
}
