import sys

from commlint.cli import main

sys.exit(main())
