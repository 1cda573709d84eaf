function Injectable(): ClassDecorator {
  return () => undefined;
}

export class Repository {
  find(): string {
    return 'found';
  }
}

@Injectable()
export class Service {
  constructor(private readonly repo: Repository) {}
  run(): string {
    return this.repo.find();
  }
}

export const handler = async () => new Service(new Repository()).run();
