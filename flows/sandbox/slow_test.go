package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSlowTargetSucceedsAfterTheStall(t *testing.T) {
	s, _ := start(t, Options{SlowDelay: 50 * time.Millisecond})
	began := time.Now()
	r := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:sandbox:slow"}})
	if took := time.Since(began); r.status != 200 || took < 50*time.Millisecond {
		t.Errorf("HTTP %d after %v, want 200 after at least 50ms", r.status, took)
	}
}

func TestSlowTargetReturnsOnCancel(t *testing.T) {
	s, _ := start(t, Options{SlowDelay: time.Hour})

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := s.issue(ctx, grant{scope: "api://dev-gcp.sandbox.slow/.default", caller: sandboxApp, azpacr: "1"})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > 2*time.Second {
		t.Errorf("issue: %v after %v, want the context's error at once", err, time.Since(began))
	}

	req, _ := http.NewRequestWithContext(ctxTimeout(t, 100*time.Millisecond), http.MethodGet, s.URL()+"/api/m2m?aud=dev-gcp:sandbox:slow", nil)
	req.AddCookie(&http.Cookie{Name: "io.nais.wonderwall.session", Value: s.DemoSession()})
	began = time.Now()
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > 2*time.Second {
		t.Errorf("client: %v after %v, want its deadline", err, time.Since(began))
	}
}

func TestCloseCancelsStalledRequests(t *testing.T) {
	s, _ := start(t, Options{SlowDelay: time.Hour})
	done := make(chan error, 1)
	go func() {
		resp, err := noRedirects.Post(s.URL()+"/api/public/m2m", "application/x-www-form-urlencoded", strings.NewReader("aud=dev-gcp:sandbox:slow"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				err = errors.New(resp.Status)
			}
		}
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	began := time.Now()
	s.Close()
	s.Close() // idempotent
	select {
	case err := <-done:
		if err == nil {
			t.Error("the stalled request succeeded after Close")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a stalled request outlived Close")
	}
	if took := time.Since(began); took > time.Second {
		t.Errorf("Close took %v", took)
	}
}
