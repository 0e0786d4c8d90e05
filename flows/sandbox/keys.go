package sandbox

import (
	"context"
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

// newKeyPairs makes the issuer's signing key and the sandbox app's client
// key at the same time: RSA generation dominates Start, and the two are
// independent.
func newKeyPairs() (signing, client keyPair, err error) {
	type result struct {
		kp  keyPair
		err error
	}
	ch := make(chan result, 1)
	go func() {
		kp, err := newKeyPair()
		ch <- result{kp, err}
	}()
	signing, err = newKeyPair()
	r := <-ch
	if err != nil {
		return keyPair{}, keyPair{}, err
	}
	if r.err != nil {
		return keyPair{}, keyPair{}, r.err
	}
	return signing, r.kp, nil
}

// keyring holds the sandbox's keys once they are made. Start makes them in
// the background, so it returns at once; ready is closed when they (or err)
// are set, and nothing is written after that.
type keyring struct {
	ready     chan struct{}
	signing   keyPair // the issuer's key
	client    keyPair // the sandbox app's key (AZURE_APP_JWK)
	clientJWK string
	err       error
}

// makeKeyring starts making the keys and returns at once.
func makeKeyring() *keyring {
	k := &keyring{ready: make(chan struct{})}
	generate := generateKeys
	go func() {
		defer close(k.ready)
		signing, client, err := generate()
		if err == nil {
			k.clientJWK, err = client.privateJWK()
		}
		if err != nil {
			k.err = fmt.Errorf("sandbox: making its keys: %w", err)
			return
		}
		k.signing, k.client = signing, client
	}()
	return k
}

// await returns the keyring once the keys are made, or ctx's error if it
// ends first. Keys already made win over a cancelled ctx.
func (k *keyring) await(ctx context.Context) (*keyring, error) {
	select {
	case <-k.ready:
	default:
		select {
		case <-k.ready:
		case <-ctx.Done():
			return nil, fmt.Errorf("sandbox: waiting for its keys: %w", ctx.Err())
		}
	}
	if k.err != nil {
		return nil, k.err
	}
	return k, nil
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
