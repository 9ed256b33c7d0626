package wxc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/internal/openapitest"
)

// apiLine matches "API: METHOD /path" with an optional "(note)".
var apiLine = regexp.MustCompile(`^API: (GET|PUT|POST|DELETE) (/\S+)(?: \((.+)\))?$`)

// TestAPIDocLines parses every service method's doc comment: one summary line starting with
// the method name, then "API: METHOD /path" lines, each of which must be an operation of
// the OpenAPI document, unless its note marks it as the legacy person path or an
// undocumented operation (both listed in contractExempt and asserted absent there).
func TestAPIDocLines(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	methods := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			recv := docRecvName(fn.Recv.List[0].Type)
			if !strings.HasSuffix(recv, "Service") || fn.Name.Name == "Kind" {
				continue
			}
			methods++
			where := fset.Position(fn.Pos()).String() + " " + recv + "." + fn.Name.Name
			if fn.Doc == nil {
				t.Errorf("%s: no doc comment", where)
				continue
			}
			lines := strings.Split(strings.TrimSpace(fn.Doc.Text()), "\n")
			if !strings.HasPrefix(lines[0], fn.Name.Name+" ") {
				t.Errorf("%s: doc comment does not start with the method name: %q", where, lines[0])
			}
			apis := 0
			for _, l := range lines {
				if !strings.HasPrefix(l, "API:") {
					continue
				}
				apis++
				m := apiLine.FindStringSubmatch(l)
				if m == nil {
					t.Errorf("%s: malformed API line %q", where, l)
					continue
				}
				method, path, note := m[1], m[2], m[3]
				has, err := openapitest.HasOperation(method, path)
				if err == nil && !has { // the call-routing and organizations document
					var doc *openapitest.Contract
					if doc, err = openapitest.Load("testdata/openapi/call-routing-and-orgs.openapi.yaml"); err == nil {
						has = slices.Contains(doc.Operations(), openapitest.Operation{Method: method, Path: path})
					}
				}
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case note != "" && (strings.Contains(note, "legacy") || strings.Contains(note, "undocumented") || strings.Contains(note, "not in the OpenAPI document")):
					if _, ok := contractExempt[method+" "+path]; !ok {
						t.Errorf("%s: %s %s is marked %q but is not in contractExempt", where, method, path, note)
					}
				case !has:
					t.Errorf("%s: %s %s is not an operation of the OpenAPI document", where, method, path)
				}
			}
			if apis == 0 {
				t.Errorf("%s: no API: line", where)
			}
		}
	}
	if methods < 25 {
		t.Errorf("found only %d service methods; is the parser looking at the right files?", methods)
	}
}

func docRecvName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// TestPathTable: every path of the one path table is an operation (GET) of the document,
// with {id} named as the document names it.
func TestPathTable(t *testing.T) {
	t.Parallel()
	param := map[EntityKind]string{Person: "{personId}", Workspace: "{workspaceId}", Location: "{locationId}", VirtualLine: "{virtualLineId}"}
	for kind, paths := range entityPaths {
		for f, tmpl := range paths {
			p := "/" + strings.Replace(tmpl, idPlaceholder, param[kind], 1)
			has, err := openapitest.HasOperation("GET", p)
			if err != nil {
				t.Fatal(err)
			}
			if !has {
				t.Errorf("%s %s: GET %s is not in the document", kind, feature(f), p)
			}
		}
	}
	legacy := "/" + strings.Replace(legacyPersonTransferPath, idPlaceholder, "{personId}", 1)
	if has, _ := openapitest.HasOperation("GET", legacy); has {
		t.Errorf("legacy path %s is in the document now", legacy)
	}
	for _, p := range []string{pathPeople, pathWorkspaces, pathLocations, pathVirtualLines, strings.Replace(pathPerson, idPlaceholder, "{personId}", 1)} {
		if has, _ := openapitest.HasOperation("GET", "/"+p); !has {
			t.Errorf("GET /%s is not in the document", p)
		}
	}
}
