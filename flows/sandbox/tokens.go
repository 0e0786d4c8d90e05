package sandbox

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// app is an Entra app registration as NAIS (azurerator) makes one per
// cluster:namespace:app: a client ID, a service principal and the
// Application ID URI api://<cluster>.<namespace>.<app>.
type app struct {
	name     string // cluster:namespace:app, its azp_name in tokens
	uri      string
	clientID string
	spID     string // the service principal's object ID: oid/sub of its M2M tokens
}

// appNamed derives an app's IDs from its name, so the same app always
// gets the same GUIDs (aud, azp), across runs and machines.
func appNamed(cluster, namespace, name string) app {
	n := cluster + ":" + namespace + ":" + name
	return app{
		name: n, uri: "api://" + cluster + "." + namespace + "." + name,
		clientID: nameGUID("client:" + n), spID: nameGUID("sp:" + n),
	}
}

// user is an employee in the sandbox tenant.
type user struct {
	oid, navIdent, name, username string
}

// demoUser is the one employee who can sign in to the sandbox.
var demoUser = user{
	oid:      nameGUID("user:Z990123"),
	navIdent: "Z990123",
	name:     "Demo Developer",
	username: "demo.developer@trygdeetaten.no",
}

// demoGroups are the group object IDs a target app sees for the demo user.
var demoGroups = []string{nameGUID("group:0000-GA-demo-developers"), nameGUID("group:0000-GA-demo-readers")}

// mint is what one token is made of.
type mint struct {
	target, caller app
	azpacr         string // "1" client secret, "2" client assertion (private key JWT)
	user           *user  // nil for an M2M token
	// issuedAt is iat and nbf (Entra puts both five minutes in the past).
	issuedAt, expiresAt time.Time
	badSignature        bool
}

// sign issues an Entra v2-shaped RS256 access token, once the keys are
// made (or ctx ends). The header names the key by kid and x5t, as
// Entra's do.
func (s *Sandbox) sign(ctx context.Context, m mint) (string, error) {
	k, err := s.keyring.signing.await(ctx)
	if err != nil {
		return "", err
	}
	c := jwt.MapClaims{
		"aud": m.target.clientID, "iss": s.issuer(), "tid": tenantID, "ver": "2.0",
		"iat": m.issuedAt.Unix(), "nbf": m.issuedAt.Unix(), "exp": m.expiresAt.Unix(),
		"azp": m.caller.clientID, "azp_name": m.caller.name, "azpacr": m.azpacr,
		"aio": randomString(60), "rh": "1.A" + randomString(42) + ".", "uti": randomString(16),
	}
	if m.user == nil {
		c["idtyp"] = "app"
		c["roles"] = []string{"access_as_application"}
		c["oid"], c["sub"] = m.caller.spID, m.caller.spID
	} else {
		c["scp"] = "defaultaccess"
		c["NAVident"] = m.user.navIdent
		c["name"] = m.user.name
		c["preferred_username"] = m.user.username
		c["groups"] = demoGroups
		c["oid"] = m.user.oid
		c["sub"] = pairwise(m.user.oid, m.target.clientID)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = k.key.kid
	tok.Header["x5t"] = k.key.kid
	raw, err := tok.SignedString(k.key.priv)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	if m.badSignature {
		raw = spoilSignature(raw)
	}
	return raw, nil
}

// spoilSignature flips bits in a token's signature, so it is well formed
// but does not verify.
func spoilSignature(raw string) string {
	i := strings.LastIndexByte(raw, '.')
	sig, err := base64.RawURLEncoding.DecodeString(raw[i+1:])
	if err != nil || len(sig) == 0 {
		return raw
	}
	sig[len(sig)/2] ^= 0xff
	return raw[:i+1] + base64.RawURLEncoding.EncodeToString(sig)
}

// Why a user assertion is not acceptable to Entra.
var (
	errTokenUnknownKid  = errors.New("token was signed with a key the issuer does not publish")
	errTokenExpired     = errors.New("token is expired")
	errTokenNotYetValid = errors.New("token is not valid yet")
	errTokenInvalid     = errors.New("token is malformed or its signature is invalid")
)

// verify checks a token as Entra checks a user assertion: signed with the
// issuer's key, issued by this tenant, and valid at Options.Now. It
// returns the claims (numbers as json.Number) or one of the errToken…
// errors.
func (s *Sandbox) verify(signing keyPair, raw string) (jwt.MapClaims, error) {
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithTimeFunc(s.now),
		jwt.WithIssuer(s.issuer()),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithJSONNumber(),
	)
	claims := jwt.MapClaims{}
	_, err := p.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != signing.kid {
			return nil, errTokenUnknownKid
		}
		return &signing.priv.PublicKey, nil
	})
	switch {
	case err == nil:
		return claims, nil
	case errors.Is(err, errTokenUnknownKid):
		return nil, errTokenUnknownKid
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, errTokenExpired
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return nil, errTokenNotYetValid
	}
	return nil, errTokenInvalid
}

// userFrom reads the employee out of a verified user token; ok is false
// for machine tokens, which have no user to act for.
func userFrom(c jwt.MapClaims) (user, bool) {
	if c["idtyp"] == "app" {
		return user{}, false
	}
	str := func(k string) string { v, _ := c[k].(string); return v }
	u := user{oid: str("oid"), navIdent: str("NAVident"), name: str("name"), username: str("preferred_username")}
	return u, u.oid != ""
}
