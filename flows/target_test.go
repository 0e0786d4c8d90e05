package flows_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/entratoken/entratoken/flows"
)

func TestParseTargetForms(t *testing.T) {
	want := flows.Target{Cluster: "dev-gcp", Namespace: "my-team", App: "my-app"}
	for _, in := range []string{
		"dev-gcp:my-team:my-app",
		"  dev-gcp:my-team:my-app\n",
		"dev-gcp.my-team.my-app",
		"api://dev-gcp.my-team.my-app/.default",
		"api://dev-gcp.my-team.my-app",
		"api://dev-gcp.my-team.my-app/",
	} {
		got, err := flows.ParseTarget(in)
		if err != nil || got != want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if want.String() != "dev-gcp:my-team:my-app" || want.Audience() != want.String() {
		t.Errorf("String/Audience = %q/%q", want.String(), want.Audience())
	}
	if got := want.Scope(); got != "api://dev-gcp.my-team.my-app/.default" {
		t.Errorf("Scope = %q", got)
	}
	if want.IsZero() || !(flows.Target{}).IsZero() {
		t.Error("IsZero is wrong")
	}
}

func TestParseTargetErrors(t *testing.T) {
	long := strings.Repeat("a", 64)
	cases := []struct {
		in, part, mention string
	}{
		{"", "", "is empty"},
		{"   ", "", "is empty"},
		{"api://", "", "is empty"},
		{"api:///.default", "", "is empty"},
		{"dev-gcp:my-team", "", `has 2 part(s) separated by ":"`},
		{"dev-gcp:a:b:c", "", `has 4 part(s) separated by ":"`},
		{"dev-gcp.my-team", "", `has 2 part(s) separated by "."`},
		{"api://dev-gcp.team.app.extra/.default", "", `has 4 part(s)`},
		{"api://dev-gcp:team:app/.default", "", `has 1 part(s)`},
		{"api://dev-gcp.team.app/.defaul", "", `scope must end in /.default, not "/.defaul"`},
		{"api://dev-gcp.team.app/.default/", "", "scope must end in /.default"},
		{"api://dev-gcp.team.app/x/.default", "", "scope must end in /.default"},
		{"dev-gcp::my-app", `namespace ""`, "is empty"},
		{":team:app", `cluster ""`, "is empty"},
		{"dev-gcp:team:", `app ""`, "is empty"},
		{"Dev-gcp:team:app", `cluster "Dev-gcp"`, "must be lowercase"},
		{"dev-gcp:Team:app", `namespace "Team"`, "must be lowercase"},
		{"dev-gcp:team:MyApp", `app "MyApp"`, "must be lowercase"},
		{"dev_gcp:team:app", `cluster "dev_gcp"`, "may hold only a-z, 0-9 and '-'"},
		{"dev-gcp:-team:app", `namespace "-team"`, "must start and end"},
		{"dev-gcp:team:app-", `app "app-"`, "must start and end"},
		{"dev-gcp:te am:app", `namespace "te am"`, "may hold only"},
		{"dev-gcp:team:" + long, `app "` + long[:60] + `"… (64 characters)`, "is longer than 63 characters"},
		{"API://dev-gcp.team.app/.default", "", "has 2 part(s)"},
	}
	for _, c := range cases {
		_, err := flows.ParseTarget(c.in)
		var te *flows.TargetError
		if !errors.As(err, &te) {
			t.Errorf("ParseTarget(%q) = %v, want *TargetError", c.in, err)
			continue
		}
		if te.Part != c.part {
			t.Errorf("ParseTarget(%q) part = %q, want %q", c.in, te.Part, c.part)
		}
		msg := err.Error()
		if !strings.Contains(msg, c.mention) || !strings.Contains(msg, "expected cluster:namespace:app") {
			t.Errorf("ParseTarget(%q) message %q lacks %q or the expected form", c.in, msg, c.mention)
		}
		if c.part != "" && !strings.Contains(msg, c.part) {
			t.Errorf("ParseTarget(%q) message %q does not name %s", c.in, msg, c.part)
		}
	}
}

// A 100 KB argument is quoted once, cut short; never in full.
func TestParseTargetQuotesAHugeValueShort(t *testing.T) {
	huge := strings.Repeat("x", 100<<10)
	for _, in := range []string{huge, "dev-gcp:team:" + huge, "api://a.b.c/" + huge} {
		_, err := flows.ParseTarget(in)
		if err == nil || len(err.Error()) > 400 || strings.Count(err.Error(), "(") > 4 {
			t.Errorf("ParseTarget(%d bytes) = %.500v…", len(in), err)
		}
	}
}

func TestCheckLabel(t *testing.T) {
	for in, ok := range map[string]bool{"a": true, "a-1": true, strings.Repeat("b", 63): true, "": false, "A": false, "a.b": false, "-a": false} {
		if got := flows.CheckLabel(in) == ""; got != ok {
			t.Errorf("CheckLabel(%q) ok = %v, want %v", in, got, ok)
		}
	}
}

func TestParseFlowAndVia(t *testing.T) {
	flowCases := map[string]flows.Flow{"obo": flows.OBO, " OBO ": flows.OBO, "m2m": flows.M2M, "M2M": flows.M2M}
	for in, want := range flowCases {
		if got, err := flows.ParseFlow(in); err != nil || got != want {
			t.Errorf("ParseFlow(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "client_credentials", "ob o"} {
		if _, err := flows.ParseFlow(in); err == nil || !strings.Contains(err.Error(), "must be obo or m2m") {
			t.Errorf("ParseFlow(%q) error = %v", in, err)
		}
	}
	viaCases := map[string]flows.Via{"generator": flows.ViaGenerator, "Texas": flows.ViaTexas, " ENTRA\t": flows.ViaEntra}
	for in, want := range viaCases {
		if got, err := flows.ParseVia(in); err != nil || got != want {
			t.Errorf("ParseVia(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "azure", "wonderwall"} {
		if _, err := flows.ParseVia(in); err == nil || !strings.Contains(err.Error(), "must be generator, texas or entra") {
			t.Errorf("ParseVia(%q) error = %v", in, err)
		}
	}
}
