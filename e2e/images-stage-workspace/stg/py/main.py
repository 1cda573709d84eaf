# markupsafe's C extension (manylinux wheel): loads only on a glibc base.
from markupsafe import _speedups


def handler(event=None, context=None):
    return f"speedups {_speedups.__file__.endswith('.so')} {_speedups.escape('<b>&')}"


if __name__ == "__main__":
    print(handler())
