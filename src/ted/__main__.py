from ted.cli import main

main()
