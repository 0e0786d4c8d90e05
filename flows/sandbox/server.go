// Package sandbox is an in-process stand-in for the token services NAIS
// developers use: azure-token-generator, Texas and Entra ID's token
// endpoint. It speaks their wire contracts and signs Entra-shaped RS256
// tokens, so entratoken, its demo and its tests run without NAV's network.
// It binds to loopback only.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Defaults for Options left zero.
const (
	// DefaultSlowDelay is how long the slow target stalls: longer than any
	// sensible client timeout, so cancelling is the way out.
	DefaultSlowDelay = 30 * time.Second
	defaultAddr      = "127.0.0.1:0"
	maxBody          = 1 << 20
)

// tenantID is the sandbox tenant: fixed, so configs and tests can name it,
// and made up, so it is never mistaken for NAV's.
var tenantID = nameGUID("tenant:sandbox.trygdeetaten.no")

// Options tune a sandbox; the zero value is a good default.
type Options struct {
	// Addr is where to listen (default 127.0.0.1:0); it must be loopback,
	// because the sandbox hands out tokens and secrets without asking.
	Addr string
	// Lifetime fixes the lifetime of the tokens it signs; zero draws it
	// between 60 and 90 minutes for each token, as Entra does.
	Lifetime time.Duration
	// Now is the clock for token times, sessions and every validation
	// (default time.Now), so tests can fix it.
	Now func() time.Time
	// SlowDelay is how long the slow target stalls (default
	// DefaultSlowDelay); a cancelled request returns at once.
	SlowDelay time.Duration
	// SessionLifetime is the maximum lifetime of the login sessions the
	// generator's Wonderwall gives out, DemoSession's too (default
	// DefaultSessionLifetime): set it short to see a session run out.
	SessionLifetime time.Duration
	// AutoLogin switches on Wonderwall's auto-login: a request without a
	// session gets a redirect to the login (browsers) or 401 {"error":
	// "unauthenticated, please log in"} instead of reaching the generator.
	AutoLogin bool
}

// Sandbox is a running stand-in; Close it when done.
type Sandbox struct {
	opts         Options
	base         string
	srv          *http.Server
	cancel       context.CancelFunc
	served       chan struct{}
	closeOnce    sync.Once
	keyring      keyring
	clientSecret string
	ww           *wwStore
	demoSession  string
	appTexas     *texas // beside the sandbox app: the NAIS_TOKEN_* endpoints
	genTexas     *texas // beside azure-token-generator
}

// Start listens on a loopback port and serves all the services. It
// returns at once: the two RSA-2048 keys (0.1–1 s of CPU) are made in the
// background, and whatever needs them (signing, JWKS, client assertions,
// AZURE_APP_JWK, UserToken) waits for them, so an app that starts the
// sandbox in-process can draw its first frame meanwhile.
func Start(opts Options) (*Sandbox, error) {
	opts, err := withDefaults(opts)
	if err != nil {
		return nil, err
	}
	ln, err := listenLoopback(opts.Addr)
	if err != nil {
		return nil, err
	}
	s := &Sandbox{
		opts: opts, base: "http://" + ln.Addr().String(), served: make(chan struct{}),
		keyring: makeKeyring(), clientSecret: "sbx~" + randomString(30), ww: newWWStore(),
	}
	s.appTexas, s.genTexas = newTexas(s, sandboxApp), newTexas(s, generatorApp)
	s.demoSession = s.newSession(demoUser)
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.srv = &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		// The sandbox runs under a TUI: stray server logs would garble it.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() {
		defer close(s.served)
		s.srv.Serve(ln)
	}()
	return s, nil
}

func withDefaults(o Options) (Options, error) {
	if o.Addr == "" {
		o.Addr = defaultAddr
	}
	if o.Lifetime < 0 || o.SlowDelay < 0 || o.SessionLifetime < 0 {
		return o, errors.New("sandbox: Options.Lifetime, SlowDelay and SessionLifetime must not be negative (zero means the default)")
	}
	if o.SlowDelay == 0 {
		o.SlowDelay = DefaultSlowDelay
	}
	if o.SessionLifetime == 0 {
		o.SessionLifetime = DefaultSessionLifetime
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

// listenLoopback refuses any address that is not loopback, before and
// after resolving it.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox address %q is not host:port (%v); use e.g. 127.0.0.1:0", addr, err)
	}
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("sandbox address %q: %q is not a loopback address; the sandbox hands out tokens to anyone who asks, so it binds only to 127.0.0.1, ::1 or localhost", addr, host)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		ln.Close()
		return nil, fmt.Errorf("sandbox address %q resolved to %s, which is not loopback", addr, ln.Addr())
	}
	return ln, nil
}

// routes sends each request to the service it is for: Entra ID under
// /entra, the sandbox app's Texas under /texas, and everything else to the
// generator's host, where Wonderwall answers first.
func (s *Sandbox) routes() http.Handler {
	entra := s.entraRoutes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, axumBodyLimit+1)
		switch {
		case strings.HasPrefix(r.URL.Path, "/entra/"):
			entra.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, texasPrefix+"/"):
			s.appTexas.serveHTTP(w, r)
		default:
			s.wonderwall(w, r)
		}
	})
}

// Close stops the server at once: open requests (a stalled slow target
// too) are cancelled. It is safe to call more than once.
func (s *Sandbox) Close() {
	s.closeOnce.Do(func() {
		s.srv.Close()
		s.cancel()
		<-s.served
	})
}

// URL is the base URL, http://127.0.0.1:port.
func (s *Sandbox) URL() string { return s.base }

// GeneratorURL is where the azure-token-generator stand-in answers (the
// base URL: its routes are at the root, as on the real host).
func (s *Sandbox) GeneratorURL() string { return s.base }

func (s *Sandbox) now() time.Time { return s.opts.Now() }

func (s *Sandbox) issuer() string {
	return "https://login.microsoftonline.com/" + tenantID + "/v2.0"
}

func (s *Sandbox) entraBase() string { return s.base + "/entra/" + tenantID }
