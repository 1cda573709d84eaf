package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

type event struct {
	Name string `json:"name"`
}

type greeting struct {
	Language string `json:"language"`
	Message  string `json:"message"`
}

func handle(_ context.Context, e event) (greeting, error) {
	name := e.Name
	if name == "" {
		name = "world"
	}
	return greeting{Language: "go", Message: "Hello, " + name + "!"}, nil
}

func main() {
	lambda.Start(handle)
}
