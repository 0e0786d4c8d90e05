// Package verify says whether a token can be trusted: signed with its
// issuer's published keys, by an issuer we trust, inside its validity
// window and, when asked, for the right audience. It finds the keys by
// the NAIS variables or OpenID discovery, keeps them on disk beside the
// token cache, and leaves the cryptography to golang-jwt.
//
// It reports rather than fails: Verify returns a Report whose every
// check is valid, invalid (with why) or not checked (with why, e.g. the
// keys were unreachable), so the CLI prints it and the TUI shows it as
// they are.
package verify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/golang-jwt/jwt/v5"
)

// Leeway is the clock skew allowed on exp, nbf and iat: a minute, as
// Texas allows when it validates tokens for NAIS apps.
const Leeway = time.Minute

// Verifier checks tokens. The zero value works: no environment, no key
// cache, flows' default HTTP client. It is safe for concurrent use.
type Verifier struct {
	// HTTP fetches discovery documents and keys; nil means a client from
	// flows.NewHTTPClient with its default timeout.
	HTTP *http.Client
	// Getenv reads the NAIS variables (AZURE_OPENID_CONFIG_ISSUER,
	// AZURE_OPENID_CONFIG_JWKS_URI, AZURE_APP_WELL_KNOWN_URL, and for
	// --target NAIS_CLUSTER_NAME, NAIS_NAMESPACE, NAIS_APP_NAME,
	// AZURE_APP_CLIENT_ID); nil reads none.
	Getenv func(string) string
	// CacheDir keeps keys between runs in keys.json (the token cache's
	// directory); "" keeps none.
	CacheDir string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Expect is what the caller requires beyond a good signature and
// validity window.
type Expect struct {
	// Issuer, when set, is the only issuer accepted (--issuer); else
	// Entra ID's (https://login.microsoftonline.com/<tenant>/v2.0) and
	// AZURE_OPENID_CONFIG_ISSUER's are.
	Issuer string
	// Audience is a value aud must hold (--aud). With Target it is the
	// target's client ID.
	Audience string
	// Target is the app that must accept the token (--target).
	Target flows.Target
}

// Verify checks tok and reports every check. It makes network requests
// only for a trusted issuer's keys, and honours ctx: a cancelled check is
// not checked, never invalid. The UI runs it in a tea.Cmd.
func (v *Verifier) Verify(ctx context.Context, tok *flows.Token, want Expect) Report {
	now := v.now()
	iss, _ := tok.Claims["iss"].(string)
	r := Report{Issuer: iss, KeyID: tok.RawHeader().Kid, CheckedAt: now}
	issuer, trusted := v.checkIssuer(tok, iss, want.Issuer)
	r.Checks = []Check{
		v.checkSignature(ctx, tok, iss, trusted, now, &r),
		issuer,
		checkExpiry(tok, now),
		v.checkAudience(tok, want),
	}
	r.State = overall(r.Checks)
	r.Issuer, r.KeyID = flows.Printable(r.Issuer), flows.Printable(r.KeyID)
	for i := range r.Checks {
		r.Checks[i].Detail = flows.Printable(flows.Redact(r.Checks[i].Detail))
	}
	return r
}

// checkSignature verifies the signature with iss's published keys, after
// refusing an alg no issuer's public key can stand behind.
func (v *Verifier) checkSignature(ctx context.Context, tok *flows.Token, iss string, trusted bool, now time.Time, r *Report) Check {
	h := tok.RawHeader()
	if bad := refuseAlg(h.Alg); bad != nil {
		return invalid(CheckSignature, bad.reason, bad.msg)
	}
	if !trusted {
		return Check{Name: CheckSignature, State: Unchecked, Reason: "issuer not trusted",
			Detail: "not checked: keys are fetched only for a trusted issuer (see issuer)"}
	}
	if h.Kid == "" {
		return invalid(CheckSignature, "no kid", "the header names no key (kid), so no published key can be picked")
	}
	ks, fetched, err := v.keys(ctx, iss, h.Kid, now)
	if err != nil {
		return keysFailed(err)
	}
	r.KeysURL, r.KeysVia, r.KeysFetchedAt = ks.URL, ks.Via, ks.FetchedAt
	keys := ks.withKid(h.Kid)
	if len(keys) == 0 {
		when := "fetched again just now"
		if !fetched {
			when = fmt.Sprintf("fetched %s ago; fetched again once they are %s old", flows.Span(now.Sub(ks.FetchedAt)), flows.Span(RefetchFloor))
		}
		detail := fmt.Sprintf("no key %q among the %d keys of %s (%s): signed with a key the issuer does not publish",
			h.Kid, len(ks.keys), ks.name(), when)
		if loopbackURL(ks.URL) {
			detail += "; a sandbox makes new keys each time it starts, so its tokens verify only while that sandbox runs"
		}
		return invalid(CheckSignature, "unknown key", detail)
	}
	var algs []string
	for _, k := range keys {
		algs = append(algs, algsOf(k)...)
	}
	if !slices.Contains(algs, h.Alg) {
		return invalid(CheckSignature, "alg does not fit the key", fmt.Sprintf("alg %s does not fit key %q (%s, for %s) of %s",
			h.Alg, h.Kid, keyType(keys[0]), strings.Join(algs, ", "), ks.name()))
	}
	set := jwt.VerificationKeySet{}
	for _, k := range keys {
		set.Keys = append(set.Keys, k.Key)
	}
	_, err = jwt.NewParser(jwt.WithValidMethods(algs), jwt.WithoutClaimsValidation()).
		Parse(tok.Raw, func(*jwt.Token) (any, error) { return set, nil })
	if err != nil {
		return invalid(CheckSignature, "bad signature", fmt.Sprintf("the signature does not match (kid %s, keys of %s): the token was changed after it was signed, or signed with another key",
			h.Kid, ks.name()))
	}
	return Check{Name: CheckSignature, State: Valid, Detail: fmt.Sprintf("valid (kid %s, keys of %s)", h.Kid, ks.name())}
}

// refuseAlg refuses what no issuer's public key can verify: no alg,
// none, an HMAC (whose "secret" would be the public key anyone can
// fetch), or an alg we do not know.
func refuseAlg(alg string) *refusal {
	switch {
	case alg == "":
		return &refusal{"no alg", "the header names no alg"}
	case strings.EqualFold(alg, "none"):
		return &refusal{"alg none", "alg none: the token is not signed at all, and an unsigned token is never accepted"}
	case strings.HasPrefix(strings.ToUpper(alg), "HS"):
		return &refusal{"HMAC alg", fmt.Sprintf("alg %s is an HMAC (shared-secret) algorithm: an issuer signs with its private key, and an HMAC over its public key is something anyone can make", alg)}
	case !slices.Contains(asymmetric, alg):
		return &refusal{"unknown alg", fmt.Sprintf("alg %q is not an asymmetric JWS algorithm (%s)", alg, strings.Join(asymmetric, ", "))}
	}
	return nil
}

// keysFailed turns trouble getting keys into the signature's check: not
// checked when asking again may help (no answer, a timeout, a busy
// server, a cancelled check), invalid when the issuer's published data
// cannot be used.
func keysFailed(err error) Check {
	var te *flows.TransportError
	var re *flows.ResponseError
	var rf *refusal
	unchecked := func(reason string) Check {
		return Check{Name: CheckSignature, State: Unchecked, Reason: reason, Detail: "not checked: " + err.Error()}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return unchecked("cancelled")
	case errors.As(err, &te):
		return unchecked("keys unreachable")
	case errors.As(err, &re) && (re.Status >= 500 || re.Status == http.StatusTooManyRequests || re.Status == http.StatusRequestTimeout):
		return unchecked("keys unavailable")
	case errors.As(err, &re):
		return invalid(CheckSignature, "no keys", err.Error())
	case errors.As(err, &rf):
		return invalid(CheckSignature, rf.reason, rf.msg)
	}
	return invalid(CheckSignature, "no keys", err.Error())
}

// invalid is a failed check; detail follows "invalid: ".
func invalid(name, reason, detail string) Check {
	return Check{Name: name, State: Invalid, Reason: reason, Detail: "invalid: " + detail}
}

// name says whose keys these are, and where they came from unless that
// was discovery from the issuer.
func (ks keySet) name() string {
	if ks.Via == viaDiscovery {
		return ks.Issuer
	}
	return ks.Issuer + " from " + ks.Via + " " + ks.URL
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

func (v *Verifier) getenv(name string) string {
	if v.Getenv == nil {
		return ""
	}
	return v.Getenv(name)
}

// defaultHTTP serves Verifiers whose HTTP is nil.
var defaultHTTP = flows.NewHTTPClient(0)

func (v *Verifier) http() *http.Client {
	if v.HTTP != nil {
		return v.HTTP
	}
	return defaultHTTP
}

func (v *Verifier) cache() keyCache {
	if v.CacheDir == "" {
		return keyCache{}
	}
	return keyCache{file: flows.CacheFile{Dir: filepath.Clean(v.CacheDir), Name: keysFileName}}
}
