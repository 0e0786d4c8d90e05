package sandbox

import (
	"context"
	"math/rand/v2"
	"strings"
	"time"
)

// grant is one token request as Entra sees it once the client has
// authenticated. The three services all end up here, so every target
// behaves the same whichever way it is asked for.
type grant struct {
	scope  string
	caller app
	azpacr string
	user   *user // set for on-behalf-of
}

// issued is Entra's answer: the token, its expires_in, and for
// on-behalf-of the scope granted.
type issued struct {
	raw       string
	expiresIn int64
	scope     string
}

// Token times as Entra sets them: iat and nbf this far in the past, and a
// lifetime drawn between these two.
const (
	entraBackdate    = 5 * time.Minute
	entraMinLifetime = 60 * time.Minute
	entraMaxLifetime = 90 * time.Minute
)

// issue reads the scope as Entra does, applies the target's behaviour and
// signs the token. The error is an *entraError, the context's error (slow
// target cancelled) or a signing failure.
func (s *Sandbox) issue(ctx context.Context, g grant) (issued, error) {
	target, ferr := s.resolveScope(g.scope, g.user != nil)
	if ferr != nil {
		return issued{}, ferr
	}
	m := mint{target: target, caller: g.caller, azpacr: g.azpacr, user: g.user}
	lifetime := s.lifetime()
	switch target {
	case targetNoAccess:
		if g.user != nil {
			return issued{}, s.errNoConsent(g.caller)
		}
		return issued{}, s.errNoAccess(g.caller, target)
	case targetShortLived:
		lifetime = shortLifetime
	case targetBadSignature:
		m.badSignature = true
	case targetSlow:
		if err := s.stall(ctx); err != nil {
			return issued{}, err
		}
	}
	now := s.now()
	m.issuedAt, m.expiresAt = now.Add(-entraBackdate), now.Add(lifetime)
	raw, err := s.sign(ctx, m)
	if err != nil {
		return issued{}, err
	}
	it := issued{raw: raw, expiresIn: int64(lifetime / time.Second)}
	if g.user != nil {
		it.scope = target.uri + "/defaultaccess"
	}
	return it, nil
}

// lifetime is Options.Lifetime, or drawn as Entra draws it.
func (s *Sandbox) lifetime() time.Duration {
	if s.opts.Lifetime > 0 {
		return s.opts.Lifetime
	}
	spread := int64((entraMaxLifetime - entraMinLifetime) / time.Second)
	return entraMinLifetime + time.Duration(rand.Int64N(spread+1))*time.Second
}

// oidcScopes are the OpenID scopes Entra takes beside a resource's.
var oidcScopes = map[string]bool{"openid": true, "profile": true, "email": true, "offline_access": true}

// resolveScope reads the scope parameter as Entra does and finds its
// resource. Client credentials take exactly one <resource>/.default
// (1002012 otherwise); on behalf of a user, OpenID scopes may come along,
// and the resource's must be .default. An unknown resource is 500011.
func (s *Sandbox) resolveScope(scope string, obo bool) (app, *entraError) {
	var resource []string
	for _, sc := range strings.Split(scope, " ") {
		if sc != "" && !(obo && oidcScopes[sc]) {
			resource = append(resource, sc)
		}
	}
	if len(resource) != 1 {
		return app{}, s.errScopeInvalid(scope)
	}
	uri, ok := strings.CutSuffix(resource[0], "/.default")
	switch {
	case !ok && obo:
		return app{}, s.errScopeInvalid(scope)
	case !ok:
		return app{}, s.errNotDefault(scope)
	}
	target, ok := lookupApp(uri)
	if !ok {
		return app{}, s.errNoResource(uri)
	}
	return target, nil
}

// lookupApp finds the app an Application ID URI names in the sandbox
// tenant. NAIS registers api://<cluster>.<namespace>.<app> for every app,
// each part a DNS label, so every such URI names an app here, except the
// unknown-app target. The sandbox's own two apps are also known by their
// client IDs (api://<client ID> or the bare GUID), as Wonderwall asks
// for api://<client ID>/.default.
func lookupApp(uri string) (app, bool) {
	for _, a := range []app{sandboxApp, generatorApp} {
		if uri == a.clientID || uri == "api://"+a.clientID {
			return a, true
		}
	}
	rest, ok := strings.CutPrefix(uri, "api://")
	parts := strings.Split(rest, ".")
	if !ok || len(parts) != 3 {
		return app{}, false
	}
	for _, p := range parts {
		if !dnsLabel(p) {
			return app{}, false
		}
	}
	a := appNamed(parts[0], parts[1], parts[2])
	return a, a != targetUnknownApp
}

// dnsLabel reports an RFC 1123 label: 1–63 lowercase letters, digits and
// '-', starting and ending with a letter or digit.
func dnsLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// stall waits Options.SlowDelay, or until the request or the sandbox is
// done.
func (s *Sandbox) stall(ctx context.Context) error {
	timer := time.NewTimer(s.opts.SlowDelay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
