#!/bin/sh
echo handled
