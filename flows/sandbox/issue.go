package sandbox

import (
	"context"
	"strings"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// grant is one token request as Entra sees it once the client has
// authenticated. All three services end up here, so every target behaves
// the same whichever way it is asked for.
type grant struct {
	scope  string
	caller app
	azpacr string
	user   *user // set for on-behalf-of
}

// issued is a token and how long it lives.
type issued struct {
	raw      string
	lifetime time.Duration
}

// expiresIn is the lifetime in whole seconds, as the services report it.
func (i issued) expiresIn() int64 { return int64(i.lifetime / time.Second) }

// issue applies the target's behaviour and signs the token. The error is
// an *entraError, the context's error (slow target cancelled) or a signing
// failure.
func (s *Sandbox) issue(ctx context.Context, g grant) (issued, error) {
	t, ferr := s.resolveScope(g.scope)
	if ferr != nil {
		return issued{}, ferr
	}
	target := appFor(t)
	lifetime := s.opts.Lifetime
	switch t {
	case targetNoAccess:
		return issued{}, s.errNoAccess(g.caller, target)
	case targetUnknownApp:
		return issued{}, s.errNoResource(g.scope)
	case targetShortLived:
		lifetime = shortLifetime
	case targetSlow:
		if err := s.stall(ctx); err != nil {
			return issued{}, err
		}
	}
	raw, err := s.sign(ctx, mint{target: target, caller: g.caller, azpacr: g.azpacr, user: g.user, lifetime: lifetime})
	if err != nil {
		return issued{}, err
	}
	return issued{raw: raw, lifetime: lifetime}, nil
}

// resolveScope reads api://<cluster>.<namespace>.<app>/.default. Other
// well-formed resource scopes (https://…/.default) name apps the sandbox
// tenant does not have; anything else is malformed.
func (s *Sandbox) resolveScope(scope string) (flows.Target, *entraError) {
	if strings.ContainsAny(scope, " \t\r\n") || !strings.HasSuffix(scope, "/.default") {
		return flows.Target{}, s.errScope(scope)
	}
	if strings.HasPrefix(scope, "https://") {
		return flows.Target{}, s.errNoResource(scope)
	}
	if !strings.HasPrefix(scope, "api://") {
		return flows.Target{}, s.errScope(scope)
	}
	t, err := flows.ParseTarget(scope)
	if err != nil {
		return flows.Target{}, s.errScope(scope)
	}
	return t, nil
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
