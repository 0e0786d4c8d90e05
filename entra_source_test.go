package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// Issue 14: after the user rotates the secret in env_file (as the hint for
// AADSTS7000215 tells them), the next fetch or retry uses the new one; a
// missing env_file counts as soon as it is created.
func TestEntraReadsTheEnvFileAgainWhenItChanges(t *testing.T) {
	var mu sync.Mutex
	var secrets []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		secrets = append(secrets, r.FormValue("client_secret"))
		mu.Unlock()
		tokenJSON(w, mintFor(t, map[string]any{"aud": "x", "exp": time.Now().Add(time.Hour).Unix()}), 3599)
	}))
	t.Cleanup(srv.Close)
	envFile := filepath.Join(t.TempDir(), "app.env")
	write := func(secret string) {
		t.Helper()
		text := "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT=" + srv.URL + "/token\nAZURE_APP_CLIENT_ID=cid\nAZURE_APP_CLIENT_SECRET=" + secret + "\n"
		if err := os.WriteFile(envFile, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg := config.Default()
	cfg.Entra.EnvFile = envFile
	src := &lazyEntra{app: &app{cfg: cfg, getenv: func(string) string { return "" }}, http: flows.NewHTTPClient(time.Second)}
	fetch := func() error {
		_, err := src.Fetch(context.Background(), flows.Request{Target: flows.Target{Cluster: "dev-gcp", Namespace: "team", App: "app"}, Flow: flows.M2M, Via: flows.ViaEntra})
		return err
	}

	if err := fetch(); err == nil {
		t.Fatal("no env_file yet, but the fetch worked")
	}
	write("first-secret")
	if err := fetch(); err != nil {
		t.Fatalf("the env_file created after a failure is not read: %v", err)
	}
	write("rotated-secret-value")
	if err := fetch(); err != nil {
		t.Fatal(err)
	}
	if err := fetch(); err != nil { // unchanged: no need to read it again, same secret
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"first-secret", "rotated-secret-value", "rotated-secret-value"}; len(secrets) != 3 || secrets[0] != want[0] || secrets[1] != want[1] || secrets[2] != want[2] {
		t.Errorf("Entra received %q, want %q", secrets, want)
	}
}
