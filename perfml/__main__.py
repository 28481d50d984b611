from perfml.cli import main

main()
