import sys

from tertial.cli import main

sys.exit(main())
