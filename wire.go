package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/sandbox"
	"go.yaml.in/yaml/v3"
)

// globals are the flags every command takes.
type globals struct {
	configPath   string
	generatorURL string
	sandbox      bool
}

// app is everything a command needs, built once from the globals.
type app struct {
	cfg     *config.Config
	store   config.Store
	broker  *flows.Broker
	texas   flows.Texas
	getenv  func(string) string
	session string // generator session from the environment or the sandbox
	sess    sessions
	gen     flows.Generator // the generator source; it also asks its login proxy about sessions
	banner  string
	cleanup func()
}

// newApp loads the config and builds the sources. With --sandbox it first
// starts the in-process sandbox and points everything (config, cache,
// environment) at throwaway copies, so the user's own files are untouched.
func newApp(g globals) (*app, error) {
	a := &app{getenv: os.Getenv, cleanup: func() {}}
	path, err := config.Path(g.configPath, os.Getenv)
	if err != nil && !g.sandbox { // the sandbox brings its own config
		return nil, err
	}
	// Without a folder for it there is no cache, which is only a shortcut:
	// no command fails for want of one (Windows's cmd.exe has no $HOME).
	cacheDir, _ := flows.DefaultCacheDir(os.Getenv)
	if g.sandbox {
		if path, cacheDir, err = a.startSandbox(); err != nil {
			return nil, err
		}
	}
	if a.cfg, err = config.Load(path); err != nil {
		a.cleanup()
		return nil, err
	}
	a.store = config.Store{Path: path}
	if err := a.applyEnvironment(g); err != nil {
		a.cleanup()
		return nil, err
	}
	a.broker = a.newBroker(&flows.Cache{Dir: cacheDir}) // "" reads as empty and keeps nothing
	if a.sess.keeper, err = a.newKeeper(g.sandbox); err != nil {
		a.cleanup()
		return nil, err
	}
	return a, nil
}

// applyEnvironment lays --generator-url, ENTRATOKEN_GENERATOR_URL and
// ENTRATOKEN_SESSION over the config, checking each.
func (a *app) applyEnvironment(g globals) error {
	for _, o := range []struct{ name, value string }{
		{"--generator-url", g.generatorURL}, {"ENTRATOKEN_GENERATOR_URL", a.getenv("ENTRATOKEN_GENERATOR_URL")},
	} {
		if o.value == "" {
			continue
		}
		if msg := flows.CheckCredentialURL(o.value); msg != "" {
			return fmt.Errorf("%s %s (the generator is at %s)", o.name, msg, config.DefaultGeneratorURL)
		}
		a.cfg.GeneratorURL = strings.TrimSuffix(o.value, "/")
		break
	}
	if v := a.getenv("ENTRATOKEN_SESSION"); v != "" && a.session == "" {
		cookie, err := flows.PickupCookie(v)
		switch {
		case errors.Is(err, flows.ErrNoCookie):
			return fmt.Errorf("ENTRATOKEN_SESSION holds no session cookie: set it to the %s cookie's value (or name=value) from the browser, or run `entratoken login` once instead", flows.SessionCookie)
		case errors.Is(err, flows.ErrTokenNotSession):
			return fmt.Errorf("ENTRATOKEN_SESSION holds an access token, not the session: set it to the %s cookie's value from the browser (a user token for Texas or Entra goes in --user-token)", flows.SessionCookie)
		case err != nil:
			return fmt.Errorf("ENTRATOKEN_SESSION: %w", err)
		}
		a.session, a.sess.from = cookie, fromEnv
	}
	return nil
}

// withApp builds the app for one command and tears it down afterwards.
func withApp(g globals, fn func(a *app) error) error {
	a, err := newApp(g)
	if err != nil {
		return err
	}
	defer a.cleanup()
	return fn(a)
}

// startSandbox runs the sandbox in-process (tuned by its
// ENTRATOKEN_SANDBOX_* variables) with a temporary config seeded with its
// demo targets, and its environment layered over ours. It does not wait
// for the sandbox's keys, so the TUI's first frame does not either.
func (a *app) startSandbox() (cfgPath, cacheDir string, err error) {
	opts, err := sandbox.OptionsFromEnv(os.Getenv)
	if err != nil {
		return "", "", err
	}
	sb, err := sandbox.Start(opts)
	if err != nil {
		return "", "", fmt.Errorf("starting the sandbox: %w", err)
	}
	dir, err := os.MkdirTemp("", "entratoken-sandbox-")
	if err != nil {
		sb.Close()
		return "", "", err
	}
	a.cleanup = func() { sb.Close(); os.RemoveAll(dir) }
	// Looked up on each call, not copied now: AZURE_APP_JWK waits for the
	// sandbox's keys, and only the Entra source asks for it.
	a.getenv = func(k string) string {
		if v, ok := sb.LookupEnv(k); ok {
			return v
		}
		return os.Getenv(k)
	}
	a.session, a.banner = sb.DemoSession(), "sandbox"
	cfgPath = filepath.Join(dir, "config.yaml")
	if err := seedSandboxConfig(cfgPath); err != nil {
		a.cleanup()
		return "", "", err
	}
	return cfgPath, filepath.Join(dir, "cache"), nil
}

// seedSandboxConfig writes the sandbox's demo targets as a config file in
// one write. The file is throwaway, so it skips what config.Store does per
// target (lock, re-read, fsync file and directory): nine of those cost tens
// of milliseconds before the first frame. config.Load validates it after.
func seedSandboxConfig(path string) error {
	type entry struct {
		Target string `yaml:"target"`
		Flow   string `yaml:"flow,omitempty"`
		Source string `yaml:"source,omitempty"`
		Note   string `yaml:"note,omitempty"`
	}
	var doc struct {
		Targets []entry `yaml:"targets"`
	}
	for _, d := range sandbox.DemoTargets() {
		doc.Targets = append(doc.Targets, entry{d.Target, d.Flow, d.Source, d.Note})
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		return fmt.Errorf("writing the sandbox's config: %w", err)
	}
	b = append([]byte("# entratoken --sandbox: a throwaway config with the sandbox's demo targets.\n"), b...)
	return os.WriteFile(path, b, 0o600)
}

// newBroker builds the three sources from the config, where set, over the
// NAIS environment variables.
func (a *app) newBroker(cache *flows.Cache) *flows.Broker {
	client := flows.NewHTTPClient(a.cfg.Timeout)
	a.texas = flows.TexasFromEnv(a.getenv, client)
	override(&a.texas.TokenEndpoint, a.cfg.Texas.TokenEndpoint)
	override(&a.texas.ExchangeEndpoint, a.cfg.Texas.ExchangeEndpoint)
	override(&a.texas.IntrospectionEndpoint, a.cfg.Texas.IntrospectionEndpoint)
	a.gen = flows.Generator{BaseURL: a.cfg.GeneratorURL, HTTP: client}
	return &flows.Broker{
		Sources: map[flows.Via]flows.Source{
			flows.ViaGenerator: a.gen,
			flows.ViaTexas:     a.texas,
			flows.ViaEntra:     &lazyEntra{app: a, http: client},
		},
		Cache:  cache,
		Margin: a.cfg.ExpiryMargin,
	}
}

func override(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}
