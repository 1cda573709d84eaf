package main

import (
	"context"
	"runtime"

	"example.com/hello/internal/greet"
	"github.com/aws/aws-lambda-go/lambda"
)

type event struct {
	Name string `json:"name"`
}

type reply struct {
	Message string `json:"message"`
	Arch    string `json:"arch"`
}

func handle(_ context.Context, e event) (reply, error) {
	return reply{Message: greet.Greeting(e.Name), Arch: runtime.GOARCH}, nil
}

func main() {
	lambda.Start(handle)
}
