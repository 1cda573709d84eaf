def main():
    return "unrelated"
