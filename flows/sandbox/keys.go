package sandbox

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// keyBits matches what Entra and NAIS (azurerator) use for RS256 keys.
const keyBits = 2048

// keyPair is an RSA key with the kid it is published under.
type keyPair struct {
	priv *rsa.PrivateKey
	kid  string
}

// newKeyPair makes a key and names it by its RFC 7638 thumbprint, as
// Entra's kids are thumbprint-like opaque strings.
func newKeyPair() (keyPair, error) {
	priv, err := rsa.GenerateKey(rand.Reader, keyBits)
	if err != nil {
		return keyPair{}, fmt.Errorf("generate RSA key: %w", err)
	}
	jwk := jose.JSONWebKey{Key: &priv.PublicKey}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return keyPair{}, fmt.Errorf("thumbprint RSA key: %w", err)
	}
	return keyPair{priv: priv, kid: base64.RawURLEncoding.EncodeToString(tp)}, nil
}

func (k keyPair) publicJWK() jose.JSONWebKey {
	return jose.JSONWebKey{Key: &k.priv.PublicKey, KeyID: k.kid, Algorithm: "RS256", Use: "sig"}
}

// privateJWK is the key as NAIS hands it to an app in AZURE_APP_JWK.
func (k keyPair) privateJWK() (string, error) {
	b, err := json.Marshal(jose.JSONWebKey{Key: k.priv, KeyID: k.kid, Algorithm: "RS256", Use: "sig"})
	if err != nil {
		return "", fmt.Errorf("encode client JWK: %w", err)
	}
	return string(b), nil
}

// jwks is the issuer's public key set, as served at the JWKS URI.
func (k keyPair) jwks() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k.publicJWK()}}
}
