package sandbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/golang-jwt/jwt/v5"
)

// app is an Entra app registration as NAIS makes one per
// cluster:namespace:app: a client ID and a service principal.
type app struct {
	target   flows.Target
	clientID string
	spID     string // the service principal's object ID: oid/sub of its M2M tokens
}

// appFor derives an app's IDs from its name, so the same target always
// gets the same aud GUID.
func appFor(t flows.Target) app {
	return app{target: t, clientID: nameGUID("client:" + t.String()), spID: nameGUID("sp:" + t.String())}
}

// user is an employee in the sandbox tenant.
type user struct {
	oid, navIdent, name, username string
}

// demoUser is the one employee who can log in to the sandbox's generator.
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
	target   app
	caller   app
	azpacr   string // "1" client secret, "2" private key JWT
	user     *user  // nil for an M2M token
	lifetime time.Duration
}

// sign issues an Entra v2-shaped RS256 access token, once the keys are
// made (or ctx ends).
func (s *Sandbox) sign(ctx context.Context, m mint) (string, error) {
	k, err := s.keyring.signing.await(ctx)
	if err != nil {
		return "", err
	}
	now := s.now()
	c := jwt.MapClaims{
		"aud": m.target.clientID, "iss": s.issuer(), "tid": tenantID, "ver": "2.0",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(m.lifetime).Unix(),
		"azp": m.caller.clientID, "azp_name": m.caller.target.String(), "azpacr": m.azpacr,
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
	raw, err := tok.SignedString(k.key.priv)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return raw, nil
}

// Why a token the sandbox was shown is not acceptable.
var (
	errTokenMalformed   = errors.New("token is not a well-formed JWT")
	errTokenNoKid       = errors.New("token header has no kid")
	errTokenUnknownKid  = errors.New("token was signed with a key the issuer does not publish")
	errTokenSignature   = errors.New("token signature is invalid")
	errTokenExpired     = errors.New("token is expired")
	errTokenNotYetValid = errors.New("token is not valid yet")
	errTokenIssuer      = errors.New("token has an unknown issuer")
)

// verify checks that a token was signed by the issuer's key and is
// valid at Options.Now, give or take leeway; it returns the claims
// (numbers as json.Number) or one of the errToken… errors.
func (s *Sandbox) verify(signing keyPair, raw string, leeway time.Duration) (jwt.MapClaims, error) {
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithTimeFunc(s.now),
		jwt.WithLeeway(leeway),
		jwt.WithIssuer(s.issuer()),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithJSONNumber(),
	)
	claims := jwt.MapClaims{}
	_, err := p.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		switch kid {
		case signing.kid:
			return &signing.priv.PublicKey, nil
		case "":
			return nil, errTokenNoKid
		}
		return nil, errTokenUnknownKid
	})
	return claims, classify(err)
}

func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errTokenNoKid):
		return errTokenNoKid
	case errors.Is(err, errTokenUnknownKid):
		return errTokenUnknownKid
	case errors.Is(err, jwt.ErrTokenMalformed), errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return errTokenMalformed
	case errors.Is(err, jwt.ErrTokenExpired):
		return errTokenExpired
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return errTokenNotYetValid
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return errTokenIssuer
	}
	return errTokenSignature
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
