package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// writeConfig puts text in a fresh config file and returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const fullConfig = `# entratoken config
generator_url: https://generator.example/
timeout: 20s            # every HTTP call
expiry_margin: 2m       # never hand out a token with less left
clipboard_clear: 0      # 0 = never clear
auto_refresh: false
session_store: file
texas:
  token_endpoint: http://127.0.0.1:7164/api/v1/token
  exchange_endpoint: http://127.0.0.1:7164/api/v1/token/exchange
  introspection_endpoint: http://127.0.0.1:7164/api/v1/introspect
entra:
  token_endpoint: https://login.microsoftonline.com/tenant/oauth2/v2.0/token
  client_id: 11111111-2222-3333-4444-555555555555
  issuer: https://login.microsoftonline.com/tenant/v2.0
  env_file: secrets/my-app.env
targets:
  - target: dev-gcp:team:app
    flow: m2m
    source: texas
    note: the dokument API
  - target: dev-gcp.team.other
    flow: OBO
  - target: api://dev-fss.team.third/.default
    source: entra
`

func TestLoadAllFields(t *testing.T) {
	p := writeConfig(t, fullConfig)
	got, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:         p,
		GeneratorURL: "https://generator.example",
		Texas: Texas{
			TokenEndpoint:         "http://127.0.0.1:7164/api/v1/token",
			ExchangeEndpoint:      "http://127.0.0.1:7164/api/v1/token/exchange",
			IntrospectionEndpoint: "http://127.0.0.1:7164/api/v1/introspect",
		},
		Entra: Entra{
			TokenEndpoint: "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
			ClientID:      "11111111-2222-3333-4444-555555555555",
			Issuer:        "https://login.microsoftonline.com/tenant/v2.0",
			EnvFile:       filepath.Join(filepath.Dir(p), "secrets", "my-app.env"),
		},
		Targets: []SavedTarget{
			{Target: flows.Target{Cluster: "dev-gcp", Namespace: "team", App: "app"}, Flow: flows.M2M, Source: flows.ViaTexas, Note: "the dokument API"},
			{Target: flows.Target{Cluster: "dev-gcp", Namespace: "team", App: "other"}, Flow: flows.OBO, Source: flows.ViaGenerator},
			{Target: flows.Target{Cluster: "dev-fss", Namespace: "team", App: "third"}, Source: flows.ViaEntra},
		},
		Timeout:        20 * time.Second,
		ExpiryMargin:   2 * time.Minute,
		ClipboardClear: 0,
		AutoRefresh:    false,
		SessionStore:   "file",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load:\n got %+v\nwant %+v", got, want)
	}
}

func TestDefault(t *testing.T) {
	want := &Config{
		GeneratorURL:   "https://azure-token-generator.intern.dev.nav.no",
		Timeout:        15 * time.Second,
		ExpiryMargin:   5 * time.Minute,
		ClipboardClear: 60 * time.Second,
		AutoRefresh:    true,
		SessionStore:   "keyring",
	}
	if got := Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Default() = %+v, want %+v", got, want)
	}
}

// A file with nothing (or only comments, or only nulls) in it is the
// defaults, like a missing file.
func TestLoadEmptyIsDefaults(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope", "config.yaml")
	for name, p := range map[string]string{
		"missing":       missing,
		"empty":         writeConfig(t, ""),
		"comments only": writeConfig(t, "# nothing yet\n\n# really\n"),
		"null document": writeConfig(t, "~\n"),
		"null values":   writeConfig(t, "timeout:\ntexas:\nentra:\ntargets:\nauto_refresh:\n"),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Load(p)
			if err != nil {
				t.Fatal(err)
			}
			want := Default()
			want.Path = p
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Load = %+v, want %+v", got, want)
			}
		})
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("Load of a missing file created its directory (stat: %v)", err)
	}
}

func TestLoadEnvFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	for in, want := range map[string]string{
		"~/.config/entratoken/app.env": filepath.Join(home, ".config", "entratoken", "app.env"),
		"/etc/app.env":                 "/etc/app.env",
		"app.env":                      "", // relative: next to the config file
	} {
		p := writeConfig(t, "entra:\n  env_file: "+in+"\n")
		if want == "" {
			want = filepath.Join(filepath.Dir(p), "app.env")
		}
		c, err := Load(p)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if c.Entra.EnvFile != want {
			t.Errorf("env_file %s = %q, want %q", in, c.Entra.EnvFile, want)
		}
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("Load(directory) = %v, want an error naming %s", err, dir)
	}
	big := writeConfig(t, "note: "+string(make([]byte, flows.MaxLocalFile))+"\n")
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), big+": is larger than 1 MiB") {
		t.Errorf("Load(2 MiB) = %v", err)
	}
}

// expiry_margin: 0 means no margin; the broker must get 0, not the default.
func TestLoadZeroExpiryMargin(t *testing.T) {
	c, err := Load(writeConfig(t, "expiry_margin: 0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.ExpiryMargin != 0 {
		t.Errorf("ExpiryMargin = %v, want 0", c.ExpiryMargin)
	}
}
