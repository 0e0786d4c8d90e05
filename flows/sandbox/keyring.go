package sandbox

import (
	"context"
	"fmt"
)

// keyRole names the sandbox's two keys.
type keyRole int

const (
	roleSigning keyRole = iota // the issuer's: signs every token
	roleClient                 // the sandbox app's: AZURE_APP_JWK, client assertions
)

func (r keyRole) String() string {
	if r == roleSigning {
		return "signing"
	}
	return "client"
}

// generateKey makes the key for a role; tests swap in memoised keys, as
// RSA generation would dominate their time.
var generateKey = func(keyRole) (keyPair, error) { return newKeyPair() }

// keyring is the sandbox's keys, made in the background so Start returns
// at once. One goroutine makes them one after the other, the signing key
// first: every token needs it, only Entra's client assertions and
// AZURE_APP_JWK need the client key, and the other core stays free for
// whoever started the sandbox (the TUI drawing its first frame).
type keyring struct {
	signing, client *futureKey
}

// futureKey is a key being made: ready is closed once key (or err) is
// set, and nothing is written after that.
type futureKey struct {
	ready chan struct{}
	key   keyPair
	jwk   string // the private key as JWK JSON, for the client key
	err   error
}

// makeKeyring starts making the keys and returns at once.
func makeKeyring() keyring {
	k := keyring{
		signing: &futureKey{ready: make(chan struct{})},
		client:  &futureKey{ready: make(chan struct{})},
	}
	generate := generateKey
	go func() {
		k.signing.make(generate, roleSigning)
		k.client.make(generate, roleClient)
	}()
	return k
}

func (f *futureKey) make(generate func(keyRole) (keyPair, error), role keyRole) {
	defer close(f.ready)
	kp, err := generate(role)
	if err == nil && role == roleClient {
		f.jwk, err = kp.privateJWK()
	}
	if err != nil {
		f.err = fmt.Errorf("sandbox: making its %s key: %w", role, err)
		return
	}
	f.key = kp
}

// await returns the key once it is made, or ctx's error if ctx ends
// first. A key already made wins over a cancelled ctx.
func (f *futureKey) await(ctx context.Context) (*futureKey, error) {
	select {
	case <-f.ready:
	default:
		select {
		case <-f.ready:
		case <-ctx.Done():
			return nil, fmt.Errorf("sandbox: waiting for its keys: %w", ctx.Err())
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	return f, nil
}
