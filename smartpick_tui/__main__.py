from smartpick_tui.cli import main

raise SystemExit(main())
