package flows

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// clientAssertionType marks a private_key_jwt client authentication.
const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// assertionLifetime is how long a client assertion is valid: long enough
// for a slow network, short enough that a leaked one is soon useless.
const assertionLifetime = 2 * time.Minute

// signingKey is the app's private key from AZURE_APP_JWK, ready to sign.
type signingKey struct {
	key    *rsa.PrivateKey
	kid    string
	method jwt.SigningMethod
}

// parseJWK reads a private RSA JWK; go-jose checks that its numbers fit
// together. Errors say what is wrong with it, never what is in it.
func parseJWK(text string) (signingKey, error) {
	text = strings.TrimSpace(text)
	if !json.Valid([]byte(text)) {
		return signingKey{}, jwkError("it is not valid JSON (in a dotenv file, put the JSON in single quotes)")
	}
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON([]byte(text)); err != nil {
		return signingKey{}, jwkError(strings.TrimPrefix(err.Error(), "go-jose/go-jose: "))
	}
	key, ok := k.Key.(*rsa.PrivateKey)
	if !ok {
		if _, public := k.Key.(*rsa.PublicKey); public {
			return signingKey{}, jwkError("it holds only the public key (no \"d\")")
		}
		return signingKey{}, jwkError("it is not an RSA key")
	}
	alg := k.Algorithm
	if alg == "" {
		alg = jwt.SigningMethodRS256.Alg()
	}
	switch m := jwt.GetSigningMethod(alg).(type) {
	case *jwt.SigningMethodRSA, *jwt.SigningMethodRSAPSS:
		return signingKey{key: key, kid: k.KeyID, method: m}, nil
	}
	return signingKey{}, jwkError(fmt.Sprintf("its alg %q is not an RSA signature algorithm", alg))
}

func jwkError(reason string) error {
	return &ConfigError{Source: ViaEntra, Reason: EnvEntraJWK + " is not a private RSA JWK: " + reason}
}

// assertion signs a client assertion (RFC 7523) for clientID to present to
// aud at now.
func (k signingKey) assertion(clientID, aud string, now time.Time) (string, error) {
	claims := jwt.MapClaims{
		"iss": clientID,
		"sub": clientID,
		"aud": aud, // one string, as Entra's own libraries send it
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(assertionLifetime).Unix(),
		"jti": rand.Text(),
	}
	tok := jwt.NewWithClaims(k.method, claims)
	if k.kid != "" {
		tok.Header["kid"] = k.kid
	}
	signed, err := tok.SignedString(k.key)
	if err != nil {
		return "", fmt.Errorf("signing the client assertion with %s: %w", EnvEntraJWK, err)
	}
	return signed, nil
}

// jwkSecrets are the private parts of a JWK (d, p, q, dp, dq, qi), to be
// cleaned out of anything a service answers; nil when it is no JSON.
func jwkSecrets(text string) []string {
	var k map[string]any
	if json.Unmarshal([]byte(text), &k) != nil {
		return nil
	}
	var out []string
	for _, name := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		if v, ok := k[name].(string); ok && v != "" {
			out = append(out, v)
		}
	}
	return out
}
