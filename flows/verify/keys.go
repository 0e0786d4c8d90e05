package verify

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/go-jose/go-jose/v4"
)

// The NAIS variables that name an issuer and its keys, as a pod has them.
const (
	envIssuer    = "AZURE_OPENID_CONFIG_ISSUER"
	envJWKS      = "AZURE_OPENID_CONFIG_JWKS_URI"
	envWellKnown = "AZURE_APP_WELL_KNOWN_URL"
	viaDiscovery = "discovery"
)

// keysHint is what to check when keys cannot be fetched.
const keysHint = "check your network or HTTPS_PROXY"

// source is one place an issuer's keys may come from.
type source struct {
	via       string // the variable that named it, or viaDiscovery
	jwksURL   string // the JWKS itself, when the environment names it
	discovery string // else the discovery document that names jwks_uri
	// optional: the environment did not say whose it is, so when it is
	// another issuer's (or cannot be read) the next source is tried.
	optional bool
}

// start is the URL a source begins at, which keys it in the cache.
func (s source) start() string {
	if s.jwksURL != "" {
		return s.jwksURL
	}
	return s.discovery
}

// sources lists where iss's keys may come from, best first: the NAIS
// variables when they are iss's (so a pod and the sandbox need no
// internet), then OpenID discovery from iss itself.
func (v *Verifier) sources(iss string) []source {
	envIss, jwks, wellKnown := v.getenv(envIssuer), v.getenv(envJWKS), v.getenv(envWellKnown)
	var out []source
	switch {
	case envIss == iss && jwks != "":
		return []source{{via: envJWKS, jwksURL: jwks}}
	case envIss == iss && wellKnown != "":
		return []source{{via: envWellKnown, discovery: wellKnown}}
	case envIss == "" && wellKnown != "":
		out = append(out, source{via: envWellKnown, discovery: wellKnown, optional: true})
	}
	return append(out, source{via: viaDiscovery, discovery: strings.TrimSuffix(iss, "/") + "/.well-known/openid-configuration"})
}

// refusal is published data we will not use, with a few words for a
// one-line display. It makes the signature Invalid, not Unchecked: asking
// again will not change it.
type refusal struct{ reason, msg string }

func (e *refusal) Error() string { return e.msg }

// fetch reads iss's keys from one source: the discovery document first
// when there is one (its issuer must be iss), then the JWKS.
func (v *Verifier) fetch(ctx context.Context, iss string, s source, now time.Time) (keySet, error) {
	jwksURL := s.jwksURL
	if jwksURL == "" {
		u, err := v.discover(ctx, iss, s)
		if err != nil {
			return keySet{}, err
		}
		jwksURL = u
	}
	if err := checkURL("jwks_uri", jwksURL); err != nil {
		return keySet{}, &refusal{reason: "keys not over https", msg: err.Error()}
	}
	body, err := flows.FetchDocument(ctx, v.http(), "the keys of "+iss, keysHint, jwksURL)
	if err != nil {
		return keySet{}, err
	}
	ks := keySet{Issuer: iss, Via: s.via, Start: s.start(), URL: jwksURL, FetchedAt: now, JWKS: body}
	if err := ks.parse(); err != nil {
		return keySet{}, err
	}
	return ks, nil
}

// discover reads jwks_uri from a discovery document, refusing one that
// names another issuer (OpenID Connect Discovery 1.0, §4.3).
func (v *Verifier) discover(ctx context.Context, iss string, s source) (string, error) {
	if err := checkURL("discovery document", s.discovery); err != nil {
		return "", &refusal{reason: "discovery not over https", msg: err.Error()}
	}
	body, err := flows.FetchDocument(ctx, v.http(), "the discovery document of "+iss, keysHint, s.discovery)
	if err != nil {
		return "", err
	}
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return "", &refusal{reason: "bad discovery document", msg: fmt.Sprintf("the discovery document at %s is not an OpenID configuration", s.discovery)}
	}
	switch {
	case doc.Issuer != iss:
		return "", &refusal{reason: "discovery names another issuer", msg: fmt.Sprintf(
			"the discovery document at %s (%s) names issuer %q, not the token's %q; its keys are not this issuer's, so they are not used",
			s.discovery, s.via, doc.Issuer, iss)}
	case doc.JWKSURI == "":
		return "", &refusal{reason: "no jwks_uri", msg: fmt.Sprintf("the discovery document at %s names no jwks_uri", s.discovery)}
	}
	return doc.JWKSURI, nil
}

// keySet is an issuer's published keys, as fetched and as cached.
type keySet struct {
	Issuer    string          `json:"issuer"`
	Via       string          `json:"via"`
	Start     string          `json:"start"` // the source's first URL, see source.start
	URL       string          `json:"jwks_uri"`
	FetchedAt time.Time       `json:"fetched_at"`
	JWKS      json.RawMessage `json:"jwks"` // as published
	keys      []jose.JSONWebKey
}

// parse reads the JWKS, keeping the public signing keys and passing over
// every other entry (an unknown key type, an encryption key, a symmetric
// or private key, which no issuer should publish).
func (ks *keySet) parse() error {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(ks.JWKS, &set); err != nil {
		return &refusal{reason: "bad JWKS", msg: fmt.Sprintf("the keys at %s are not a JWKS (a JSON object with \"keys\")", ks.URL)}
	}
	ks.keys = ks.keys[:0]
	for _, raw := range set.Keys {
		var k jose.JSONWebKey
		if k.UnmarshalJSON(raw) != nil || !k.IsPublic() || (k.Use != "" && k.Use != "sig") || len(algsOf(k)) == 0 {
			continue
		}
		ks.keys = append(ks.keys, k)
	}
	if len(ks.keys) == 0 {
		return &refusal{reason: "no signing keys", msg: fmt.Sprintf("the JWKS at %s holds no public signing key", ks.URL)}
	}
	return nil
}

// withKid is the keys published under kid.
func (ks keySet) withKid(kid string) []jose.JSONWebKey {
	var out []jose.JSONWebKey
	for _, k := range ks.keys {
		if k.KeyID == kid {
			out = append(out, k)
		}
	}
	return out
}

// asymmetric is every JWS algorithm that verifies with a public key; a
// token with any other alg (none, HS256 …) is refused before any key is
// looked at.
var asymmetric = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// algsOf is what a key may verify: the alg it declares, if that is an
// asymmetric one its type can do; else every asymmetric alg of its type
// (Entra's keys declare none, only kty RSA).
func algsOf(k jose.JSONWebKey) []string {
	var fits []string
	switch key := k.Key.(type) {
	case *rsa.PublicKey:
		fits = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
	case *ecdsa.PublicKey:
		switch key.Curve {
		case elliptic.P256():
			fits = []string{"ES256"}
		case elliptic.P384():
			fits = []string{"ES384"}
		case elliptic.P521():
			fits = []string{"ES512"}
		}
	case ed25519.PublicKey:
		fits = []string{"EdDSA"}
	}
	if k.Algorithm == "" {
		return fits
	}
	if slices.Contains(fits, k.Algorithm) {
		return []string{k.Algorithm}
	}
	return nil
}

// keyType names a key's type for messages: "RSA", "EC P-256", "Ed25519".
func keyType(k jose.JSONWebKey) string {
	switch key := k.Key.(type) {
	case *rsa.PublicKey:
		return "RSA"
	case *ecdsa.PublicKey:
		return "EC " + key.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return "unknown"
}
