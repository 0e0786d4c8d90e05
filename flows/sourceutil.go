package flows

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ErrNoUserToken means an on-behalf-of exchange via Texas or Entra ID was
// asked for without the user's token to exchange.
var ErrNoUserToken = errors.New("an on-behalf-of exchange needs the user's own token: pass --user-token (a token whose aud is the calling app)")

// checkRequest catches requests no service could answer before any I/O.
func checkRequest(s service, req Request) error {
	if req.Target.IsZero() {
		return fmt.Errorf("%s: no target; give one as %s", s.name, targetForm)
	}
	if req.Flow != OBO && req.Flow != M2M {
		return fmt.Errorf("%s: flow %q: must be obo or m2m", s.name, req.Flow)
	}
	return nil
}

// cacheKey joins the parts that decide who answers and for whom, after
// the source and the identity provider.
func cacheKey(via Via, parts ...string) string {
	return strings.Join(append([]string{string(via), IdentityProvider}, parts...), "|")
}

// shortHash tells sessions or user tokens apart in a cache key without
// storing them: the first 16 hex digits of their SHA-256.
func shortHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])[:16]
}
