// Package config finds, loads, validates and saves entratoken's YAML config
// file: the saved targets and the settings for each token source. It never
// holds secrets, does no network I/O and knows nothing of the UI.
package config

import (
	"time"

	"github.com/entratoken/entratoken/flows"
)

// Defaults for settings the file leaves out.
const (
	DefaultGeneratorURL   = "https://azure-token-generator.intern.dev.nav.no"
	DefaultTimeout        = 15 * time.Second
	DefaultExpiryMargin   = flows.DefaultMargin
	DefaultClipboardClear = 60 * time.Second
	DefaultSessionStore   = "keyring"
)

// sessionStores are the values session_store takes.
var sessionStores = []string{"keyring", "file", "none"}

// Config is the whole file, with defaults filled in.
type Config struct {
	// Path is where it was loaded from (and is saved to).
	Path string

	Targets      []SavedTarget
	GeneratorURL string
	Texas        Texas
	Entra        Entra

	Timeout      time.Duration // every HTTP call
	ExpiryMargin time.Duration // never hand out a token with less left
	// ClipboardClear is how long a copied token stays on the clipboard;
	// zero means never clear.
	ClipboardClear time.Duration
	// AutoRefresh renews a token on the token screen once it crosses the
	// expiry margin: M2M, and OBO through the generator session.
	AutoRefresh bool
	// SessionStore is where the generator session is kept between runs:
	// "keyring" (the OS keyring, else a 0600 file), "file" or "none"
	// (memory, this run only). Never in this file.
	SessionStore string
}

// SavedTarget is one entry of the target list.
type SavedTarget struct {
	Target flows.Target
	// Flow is the default flow; "" means ask each time.
	Flow flows.Flow
	// Source is where M2M tokens come from (default generator).
	Source flows.Via
	Note   string
}

// M2MSource is where this target's M2M tokens come from: Source, or the
// generator when unset. The one place that default lives.
func (s SavedTarget) M2MSource() flows.Via {
	if s.Source == "" {
		return flows.ViaGenerator
	}
	return s.Source
}

// Request is the request the TUI and the CLI send for this target: OBO goes
// via the generator with the login session, M2M via M2MSource. Callers set
// Fresh, or override Via, on the result.
func (s SavedTarget) Request(flow flows.Flow, session string) flows.Request {
	if flow == flows.OBO {
		return flows.Request{Target: s.Target, Flow: flow, Via: flows.ViaGenerator, Session: session}
	}
	return flows.Request{Target: s.Target, Flow: flow, Via: s.M2MSource()}
}

// Texas overrides the NAIS_TOKEN_* variables a pod would have.
type Texas struct {
	TokenEndpoint         string
	ExchangeEndpoint      string
	IntrospectionEndpoint string
}

// Entra overrides the AZURE_* variables for calling Entra ID directly. The
// secret and private key are never here: they come from the environment or
// from EnvFile.
type Entra struct {
	TokenEndpoint string
	ClientID      string
	Issuer        string
	// EnvFile is a dotenv file (as `nais` tooling or a pod secret dump
	// gives) with AZURE_APP_CLIENT_SECRET or AZURE_APP_JWK.
	EnvFile string
}
