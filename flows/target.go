package flows

import (
	"fmt"
	"regexp"
	"strings"
)

// Target names the app a token is for, as NAIS writes it:
// cluster:namespace:app.
type Target struct {
	Cluster   string
	Namespace string
	App       string
}

// targetForm is shown in every parse error so the user sees what we expect.
const targetForm = "cluster:namespace:app (e.g. dev-gcp:my-team:my-app)"

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// TargetError says which part of a target was wrong and what form we expect.
type TargetError struct {
	Input  string // what the user gave, trimmed
	Part   string // "cluster", "namespace", "app" or "" for the whole value
	Reason string
}

// Error quotes the input (cut short), names the bad part and shows the
// expected form.
func (e *TargetError) Error() string {
	if e.Part == "" {
		return fmt.Sprintf("target %s: %s; expected %s", Quote(e.Input), e.Reason, targetForm)
	}
	return fmt.Sprintf("target %s: %s %s; expected %s", Quote(e.Input), e.Part, e.Reason, targetForm)
}

// ParseTarget understands cluster:namespace:app, cluster.namespace.app and
// api://cluster.namespace.app/.default (with or without /.default).
func ParseTarget(s string) (Target, error) {
	in := strings.TrimSpace(s)
	v := in
	sep := ":"
	if rest, ok := strings.CutPrefix(v, "api://"); ok {
		var suffix string
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			rest, suffix = rest[:i], rest[i:]
		}
		if suffix != "" && suffix != "/" && suffix != "/.default" {
			return Target{}, &TargetError{Input: in, Reason: "scope must end in /.default, not " + Quote(suffix)}
		}
		v, sep = rest, "."
	} else if !strings.Contains(v, ":") {
		sep = "."
	}
	if v == "" {
		return Target{}, &TargetError{Input: in, Reason: "is empty"}
	}
	parts := strings.Split(v, sep)
	if len(parts) != 3 {
		return Target{}, &TargetError{Input: in, Reason: fmt.Sprintf("has %d part(s) separated by %q, needs 3", len(parts), sep)}
	}
	names := [3]string{"cluster", "namespace", "app"}
	for i, p := range parts {
		if err := checkLabel(p); err != "" {
			return Target{}, &TargetError{Input: in, Part: names[i] + " " + Quote(p), Reason: err}
		}
	}
	return Target{Cluster: parts[0], Namespace: parts[1], App: parts[2]}, nil
}

// CheckLabel validates one part of a target (a DNS label) and returns a
// message fit for an inline form error, or "" when it is fine.
func CheckLabel(s string) string { return checkLabel(s) }

func checkLabel(p string) string {
	switch {
	case p == "":
		return "is empty"
	case len(p) > 63:
		return "is longer than 63 characters"
	case p != strings.ToLower(p):
		return "must be lowercase"
	case !dnsLabel.MatchString(p):
		return "may hold only a-z, 0-9 and '-', and must start and end with a letter or digit"
	}
	return ""
}

// String is the canonical form, cluster:namespace:app.
func (t Target) String() string { return t.Cluster + ":" + t.Namespace + ":" + t.App }

// Audience is what azure-token-generator takes as aud.
func (t Target) Audience() string { return t.String() }

// Scope is the Entra ID scope Texas and Entra take.
func (t Target) Scope() string {
	return "api://" + t.Cluster + "." + t.Namespace + "." + t.App + "/.default"
}

// IsZero reports whether no target was set.
func (t Target) IsZero() bool { return t == Target{} }
