// Package greet builds the reply: kept apart from main so the module has more than one package.
package greet

import (
	"os"
	"path/filepath"
	"strings"
)

// Greeting reads greeting.txt beside the running binary (zipped through includeFiles).
func Greeting(name string) string {
	exe, _ := os.Executable()
	b, err := os.ReadFile(filepath.Join(filepath.Dir(exe), "greeting.txt"))
	if err != nil {
		return "no greeting.txt: " + err.Error()
	}
	return strings.TrimSpace(string(b)) + ", " + name + "!"
}
