package sandbox

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// keyBits matches what Entra and NAIS (azurerator) use for RS256 keys.
const keyBits = 2048

// keyPair is an RSA key with the self-signed certificate Entra publishes
// it in, and the kid it goes by: the certificate's SHA-1 thumbprint in
// base64url (x5t), as Entra's kids are.
type keyPair struct {
	priv *rsa.PrivateKey
	cert []byte // DER
	kid  string
}

// newKeyPair makes a key and its certificate.
func newKeyPair() (keyPair, error) {
	priv, err := rsa.GenerateKey(rand.Reader, keyBits)
	if err != nil {
		return keyPair{}, fmt.Errorf("generate RSA key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return keyPair{}, fmt.Errorf("certificate serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "accounts.accesscontrol.windows.net"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(5, 0, 0),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return keyPair{}, fmt.Errorf("self-sign certificate: %w", err)
	}
	sum := sha1.Sum(der)
	return keyPair{priv: priv, cert: der, kid: base64.RawURLEncoding.EncodeToString(sum[:])}, nil
}

// privateJWK is the key as NAIS hands it to an app in AZURE_APP_JWK.
func (k keyPair) privateJWK() (string, error) {
	b, err := json.Marshal(jose.JSONWebKey{Key: k.priv, KeyID: k.kid, Algorithm: "RS256", Use: "sig"})
	if err != nil {
		return "", fmt.Errorf("encode client JWK: %w", err)
	}
	return string(b), nil
}

// jwks is the tenant's key set as Entra serves it at
// …/discovery/v2.0/keys: kty, use, kid, x5t, n, e, x5c, and the issuer.
// Entra's keys carry no "alg": a verifier takes RS256 from the discovery
// document (id_token_signing_alg_values_supported) and the key type.
func (k keyPair) jwks(issuer string) obj {
	b64 := base64.RawURLEncoding.EncodeToString
	key := obj{
		{"kty", "RSA"}, {"use", "sig"}, {"kid", k.kid}, {"x5t", k.kid},
		{"n", b64(k.priv.N.Bytes())}, {"e", b64(big.NewInt(int64(k.priv.E)).Bytes())},
		{"x5c", []any{base64.StdEncoding.EncodeToString(k.cert)}},
		{"cloud_instance_name", "microsoftonline.com"}, {"issuer", issuer},
	}
	return obj{{"keys", []any{key}}}
}
