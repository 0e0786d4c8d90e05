package ui

import (
	"strings"

	"github.com/entratoken/entratoken/flows"
)

// audienceCheck is what can be said of a pasted token's audience (aud)
// against the target it was pasted for.
type audienceCheck struct {
	label   string // for the token screen's header, short: it shares a line
	problem string // why it is not the target's token; "" when it may be
}

// checkAudience compares a pasted token's aud with what the target's
// tokens are known to carry: an api:// scope names the target itself, and
// a client ID is known from a token fetched for the target earlier (known,
// from this run or the cache). Where neither tells, it says so: the login
// page hands out a token for whatever aud its URL asked for.
func checkAudience(tok *flows.Token, target flows.Target, known string) audienceCheck {
	aud := tok.Claim("aud")
	if t, ok := scopeTarget(aud); ok {
		if t == target {
			return audienceCheck{label: "aud checked"}
		}
		return audienceCheck{label: "aud differs", problem: "is for " + t.String() + ", not " + target.String()}
	}
	switch {
	case aud == "" || known == "":
		return audienceCheck{label: "aud not checked"}
	case aud == known:
		return audienceCheck{label: "aud checked"}
	}
	return audienceCheck{label: "aud differs",
		problem: "is for another app (aud " + aud + ", not this target's)"}
}

// scopeTarget reads an aud of the form api://cluster.namespace.app.
func scopeTarget(aud string) (flows.Target, bool) {
	rest, ok := strings.CutPrefix(aud, "api://")
	if !ok {
		return flows.Target{}, false
	}
	parts := strings.Split(strings.TrimSuffix(rest, "/.default"), ".")
	if len(parts) != 3 {
		return flows.Target{}, false
	}
	return flows.Target{Cluster: parts[0], Namespace: parts[1], App: parts[2]}, true
}
