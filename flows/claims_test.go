package flows_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/entratoken/entratoken/flows"
)

func TestExplainClaim(t *testing.T) {
	cases := []struct {
		name  string
		value any
		want  string // a substring; "" means the meaning must be empty
	}{
		{"azpacr", "0", "0 = public client, no secret"},
		{"azpacr", "1", "1 = client secret"},
		{"azpacr", "2", "2 = certificate or private key"},
		{"azpacr", json.Number("2"), "2 = certificate or private key"},
		{"azpacr", "7", "how the caller proved who it is"},
		{"appidacr", "1", "1 = client secret"},
		{"idtyp", "app", `"app" = a machine token, no user`},
		{"idtyp", "user", "token type: user"},
		{"ver", "2.0", "token format version (2.0)"},
		{"roles", []any{"read", "access_as_application"}, "access_as_application = any app the target allows"},
		{"roles", []any{"read"}, "app roles the caller has on the target"},
		{"NAVident", "Z990123", "NAV ident"},
		{"no_such_claim", "x", ""},
	}
	for _, c := range cases {
		got := flows.ExplainClaim(c.name, c.value)
		if c.want == "" {
			if got != "" {
				t.Errorf("ExplainClaim(%s, %v) = %q, want empty", c.name, c.value, got)
			}
			continue
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("ExplainClaim(%s, %v) = %q, want it to contain %q", c.name, c.value, got, c.want)
		}
	}
	if got := flows.ExplainClaim("roles", []any{"read"}); strings.Contains(got, "access_as_application") {
		t.Errorf("roles without access_as_application explained as having it: %q", got)
	}
}

func TestFormatValue(t *testing.T) {
	cases := []struct {
		in   any
		want string
	}{
		{"plain", "plain"},
		{json.Number("3599"), "3599"},
		{[]any{"a", json.Number("1"), []any{"b", "c"}}, "a, 1, b, c"},
		{nil, "null"},
		{true, "true"},
		{map[string]any{"k": "v"}, `{"k":"v"}`},
	}
	for _, c := range cases {
		if got := flows.FormatValue(c.in); got != c.want {
			t.Errorf("FormatValue(%#v) = %q, want %q", c.in, got, c.want)
		}
	}
}
