package flows_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestFetchDocument(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /doc", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/json" || r.Header.Get("Authorization") != "" || r.Header.Get("Cookie") != "" {
			t.Errorf("request headers: %v", r.Header)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"issuer":"x"}`))
	})
	mux.HandleFunc("GET /moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/doc", http.StatusFound)
	})
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html>login</html>"))
	})
	mux.HandleFunc("GET /huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"k":"` + strings.Repeat("a", 1<<20) + `"}`))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := flows.NewHTTPClient(200 * time.Millisecond)
	fetch := func(path string) ([]byte, error) {
		return flows.FetchDocument(context.Background(), client, "the keys of X", "check your network", srv.URL+path)
	}

	if b, err := fetch("/doc"); err != nil || string(b) != `{"issuer":"x"}` {
		t.Errorf("/doc = %q, %v", b, err)
	}
	for path, want := range map[string]string{
		"/moved": "the keys of X answered HTTP 302 with an unusable body: no document at " + srv.URL + "/moved",
		"/page":  "the keys of X answered HTTP 200 with an unusable body: not JSON",
		"/huge":  "the keys of X answered HTTP 200 with an unusable body: body larger than 1 MiB",
	} {
		_, err := fetch(path)
		var re *flows.ResponseError
		if !errors.As(err, &re) || err.Error() != want {
			t.Errorf("%s: error %v, want %q", path, err, want)
		}
	}
	_, err := fetch("/slow")
	var te *flows.TransportError
	if !errors.As(err, &te) || te.Timeout != 200*time.Millisecond || te.Service != "the keys of X" {
		t.Errorf("/slow: error %v, want a timeout naming the document", err)
	}
}
