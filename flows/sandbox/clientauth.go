package sandbox

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Limits Entra puts on a client assertion's times.
const (
	assertionSkew        = 5 * time.Minute  // nbf and iat may be this far ahead
	assertionMaxLifetime = 10 * time.Minute // exp may be at most this far ahead
)

// authenticate checks the client's credentials. Only the sandbox app is
// registered; it returns the caller and its azpacr ("1" secret, "2" key).
// The error is an *entraError, or ctx's error while waiting for the keys
// to check a client assertion with.
func (s *Sandbox) authenticate(ctx context.Context, f url.Values) (app, string, error) {
	clientID := f.Get("client_id")
	if clientID == "" {
		return app{}, "", s.errMissingParam("client_id")
	}
	if clientID != sandboxApp.clientID {
		return app{}, "", s.errUnknownClient(clientID)
	}
	secret, assertion := f.Get("client_secret"), f.Get("client_assertion")
	switch {
	case secret != "" && assertion != "":
		return app{}, "", s.fail(http.StatusBadRequest, "invalid_request", 9002313,
			"Invalid request. Send either 'client_secret' or 'client_assertion', not both.")
	case secret != "":
		if subtle.ConstantTimeCompare([]byte(secret), []byte(s.clientSecret)) != 1 {
			return app{}, "", s.errBadSecret(clientID)
		}
		return sandboxApp, "1", nil
	case assertion != "":
		if t := f.Get("client_assertion_type"); t != assertionTypeJWTBearer {
			return app{}, "", s.fail(http.StatusBadRequest, "invalid_request", 9002313,
				"Invalid request. 'client_assertion_type' must be '%s'.", assertionTypeJWTBearer)
		}
		k, err := s.keyring.client.await(ctx)
		if err != nil {
			return app{}, "", err
		}
		if ferr := s.checkAssertion(k.key, assertion, clientID); ferr != nil {
			return app{}, "", ferr
		}
		return sandboxApp, "2", nil
	}
	return app{}, "", s.errNoCredential()
}

// checkAssertion verifies a private_key_jwt client assertion: RS256 by the
// app's key, iss = sub = client ID, aud = the issuer or the token endpoint,
// and times within Entra's limits.
func (s *Sandbox) checkAssertion(key keyPair, raw, clientID string) *entraError {
	claims := jwt.MapClaims{}
	p := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithoutClaimsValidation())
	_, err := p.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != "" && kid != key.kid {
			return nil, errTokenUnknownKid
		}
		return &key.priv.PublicKey, nil
	})
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return s.fail(http.StatusBadRequest, "invalid_request", 50027, "JWT token is invalid or malformed.")
	case errors.Is(err, errTokenUnknownKid):
		return s.fail(http.StatusUnauthorized, "invalid_client", 700027,
			"Client assertion failed signature validation. [Reason - The key was not found.] Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .")
	case err != nil:
		return s.fail(http.StatusUnauthorized, "invalid_client", 700027,
			"Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value.] Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .")
	}
	if ferr := s.checkAssertionTimes(claims); ferr != nil {
		return ferr
	}
	iss, _ := claims.GetIssuer()
	sub, _ := claims.GetSubject()
	if iss != clientID || sub != clientID {
		return s.fail(http.StatusUnauthorized, "invalid_client", 700021,
			"Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .")
	}
	aud, _ := claims.GetAudience()
	for _, a := range aud {
		if a == s.issuer() || a == s.entraBase()+"/oauth2/v2.0/token" ||
			a == "https://login.microsoftonline.com/"+tenantID+"/oauth2/v2.0/token" {
			return nil
		}
	}
	return s.fail(http.StatusUnauthorized, "invalid_client", 50012,
		"Client assertion audience claim does not match Realm issuer. Use the issuer or the token endpoint as aud.")
}

func (s *Sandbox) checkAssertionTimes(claims jwt.MapClaims) *entraError {
	now := s.now()
	exp, _ := claims.GetExpirationTime()
	nbf, _ := claims.GetNotBefore()
	iat, _ := claims.GetIssuedAt()
	from := time.Unix(0, 0)
	if nbf != nil {
		from = nbf.Time
	}
	ok := exp != nil && exp.After(now) && !exp.After(now.Add(assertionMaxLifetime)) &&
		!from.After(now.Add(assertionSkew)) && (iat == nil || !iat.After(now.Add(assertionSkew)))
	if ok {
		return nil
	}
	until := time.Unix(0, 0)
	if exp != nil {
		until = exp.Time
	}
	return s.fail(http.StatusUnauthorized, "invalid_client", 700024,
		"Client assertion is not within its valid time range. Current time: %s, assertion valid from %s, expiry time of assertion %s. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
		entraTime(now), entraTime(from), entraTime(until))
}
