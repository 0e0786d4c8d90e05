package verify

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// entraIssuer is an Entra ID v2.0 issuer, which names its tenant;
// entraV1Issuer is the v1.0 one, which NAIS apps do not get.
var (
	entraIssuer   = regexp.MustCompile(`^https://login\.microsoftonline\.com/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/v2\.0$`)
	entraV1Issuer = regexp.MustCompile(`^https://sts\.windows\.net/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/$`)
)

// entraTenant is the tenant of an Entra ID issuer, or "".
func entraTenant(iss string) string {
	if m := entraIssuer.FindStringSubmatch(iss); m != nil {
		return m[1]
	}
	return ""
}

// checkIssuer says whether iss is an issuer we trust: the one --issuer
// names, or else Entra ID's or the environment's. Keys are fetched only
// for a trusted issuer, so a pasted token cannot make us fetch from any
// URL it names.
func (v *Verifier) checkIssuer(tok *flows.Token, iss, want string) (Check, bool) {
	tenant := entraTenant(iss)
	tid := tok.Claim("tid")
	ok := func(detail string) (Check, bool) {
		return Check{Name: CheckIssuer, State: Valid, Detail: "valid: " + detail}, true
	}
	switch {
	case iss == "":
		return invalid(CheckIssuer, "no issuer", "the token has no iss claim"), false
	case want != "" && iss != want:
		return invalid(CheckIssuer, "wrong issuer", fmt.Sprintf("%s, not %s (--issuer)", iss, want)), false
	case tenant != "" && tid != "" && tid != tenant:
		return invalid(CheckIssuer, "tenant mismatch", fmt.Sprintf("%s names tenant %s, but tid is %s", iss, tenant, tid)), false
	case want != "":
		return ok(iss + " (as --issuer asks)")
	case tenant != "":
		return ok(iss + " (Entra ID)")
	case v.getenv(envIssuer) == iss:
		return ok(iss + " (" + envIssuer + ")")
	case entraV1Issuer.MatchString(iss):
		return invalid(CheckIssuer, "Entra ID v1.0 token", fmt.Sprintf(
			"%s is Entra ID's v1.0 issuer, and NAIS apps accept v2.0 tokens (https://login.microsoftonline.com/<tenant>/v2.0); to check it anyway, pass --issuer %s", iss, iss)), false
	}
	return invalid(CheckIssuer, "not Entra ID", fmt.Sprintf(
		"%s is not Entra ID (https://login.microsoftonline.com/<tenant>/v2.0); to check a token of another OpenID provider, pass --issuer %s", iss, iss)), false
}

// checkExpiry checks exp, nbf and iat against now, allowing Leeway.
func checkExpiry(tok *flows.Token, now time.Time) Check {
	at := func(t time.Time) string {
		return flows.Relative(t, now) + " (" + t.Local().Format("2006-01-02 15:04:05") + ")"
	}
	exp, nbf, iat := tok.ExpiresAt, tok.NotBefore, tok.IssuedAt
	switch {
	case exp.IsZero():
		return invalid(CheckExpiry, "no expiry", "the token has no exp claim, and APIs refuse a token that never expires")
	case now.After(exp.Add(Leeway)):
		return invalid(CheckExpiry, "expired", "expired "+at(exp))
	case !nbf.IsZero() && nbf.After(now.Add(Leeway)):
		return invalid(CheckExpiry, "not yet valid", "not valid before "+at(nbf)+": is this machine's clock right?")
	case !iat.IsZero() && iat.After(now.Add(Leeway)):
		return invalid(CheckExpiry, "issued in the future", "issued "+at(iat)+": is this machine's clock right?")
	case now.After(exp):
		return Check{Name: CheckExpiry, State: Valid, Detail: fmt.Sprintf("valid, but only inside the %s leeway for clock skew: expired %s", flows.Span(Leeway), at(exp))}
	}
	return Check{Name: CheckExpiry, State: Valid, Detail: fmt.Sprintf("valid for %s more (until %s)", flows.Span(exp.Sub(now)), exp.Local().Format("2006-01-02 15:04:05"))}
}

// checkAudience compares aud with --aud, or says whether --target's app
// accepts the token. Entra ID puts the target's client ID (a GUID) in
// aud, not its name, and entratoken cannot look names up, so a target is
// matched by its application ID URI (api://cluster.namespace.app, which
// v1 tokens carry) or by a client ID known for it: the one --aud gives,
// or AZURE_APP_CLIENT_ID when the environment is that app's own pod.
// Otherwise the audience is not checked, and the check says so.
func (v *Verifier) checkAudience(tok *flows.Token, want Expect) Check {
	auds := audiences(tok)
	shown := strings.Join(auds, ", ")
	asked := want.Audience != "" || !want.Target.IsZero()
	switch {
	case len(auds) == 0 && asked:
		return invalid(CheckAudience, "no audience", "the token has no aud claim")
	case !asked:
		return Check{Name: CheckAudience, State: Skipped, Detail: fmt.Sprintf("not asked: aud is %s (pass --aud, or --target cluster:namespace:app)", orNone(shown))}
	case want.Target.IsZero() && slices.Contains(auds, want.Audience):
		return Check{Name: CheckAudience, State: Valid, Detail: "valid: " + want.Audience}
	case want.Target.IsZero():
		return invalid(CheckAudience, "wrong audience", fmt.Sprintf("aud is %s, not %s (--aud)", shown, want.Audience))
	}
	t := want.Target
	uri := strings.TrimSuffix(t.Scope(), "/.default")
	if slices.Contains(auds, uri) {
		return Check{Name: CheckAudience, State: Valid, Detail: fmt.Sprintf("valid: %s is %s", uri, t)}
	}
	known := v.clientIDs(t, want.Audience)
	for _, k := range known {
		if slices.Contains(auds, k.id) {
			return Check{Name: CheckAudience, State: Valid, Detail: fmt.Sprintf("valid: %s is %s's client ID (%s)", k.id, t, k.from)}
		}
	}
	if len(known) > 0 {
		return invalid(CheckAudience, "wrong audience", fmt.Sprintf("aud is %s, not %s's client ID %s (%s)", shown, t, known[0].id, known[0].from))
	}
	for _, a := range auds {
		if other, err := flows.ParseTarget(a); err == nil && strings.HasPrefix(a, "api://") {
			return invalid(CheckAudience, "wrong audience", fmt.Sprintf("aud is %s, which is %s, not %s", a, other, t))
		}
	}
	return Check{Name: CheckAudience, State: Unchecked, Reason: "target's client ID unknown", Detail: fmt.Sprintf(
		"not checked: aud is %s, and Entra ID names %s only by its client ID, which entratoken cannot look up; pass it with --aud (kubectl get azureapp -n %s %s -o jsonpath='{.status.clientId}')",
		shown, t, t.Namespace, t.App)}
}

// knownID is a client ID known for a target, and who said so.
type knownID struct{ id, from string }

// clientIDs are the client IDs known for t: --aud's, and the pod's own
// AZURE_APP_CLIENT_ID when NAIS_CLUSTER_NAME, NAIS_NAMESPACE and
// NAIS_APP_NAME name t.
func (v *Verifier) clientIDs(t flows.Target, aud string) []knownID {
	var out []knownID
	if aud != "" {
		out = append(out, knownID{aud, "--aud"})
	}
	self := flows.Target{Cluster: v.getenv("NAIS_CLUSTER_NAME"), Namespace: v.getenv("NAIS_NAMESPACE"), App: v.getenv("NAIS_APP_NAME")}
	if id := v.getenv("AZURE_APP_CLIENT_ID"); id != "" && self == t {
		out = append(out, knownID{id, "AZURE_APP_CLIENT_ID of this pod"})
	}
	return out
}

// audiences is aud as a list: a string or an array of strings (RFC 7519).
func audiences(tok *flows.Token) []string {
	switch v := tok.Claims["aud"].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, a := range v {
			if s, ok := a.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
